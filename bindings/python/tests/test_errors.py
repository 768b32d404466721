"""Input errors raise ModelError (a ValueError) naming the place: pointer, line and column."""

import json

import pytest

import clearance
from conftest import minimal_model

BAD_KEY = """{
  "clearance": 1,
  "nodes": [
    {"id": "a", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "b", "jurisdiction": "USA", "acredited": "SECRET"}
  ]
}
"""


def position(text, needle):
    """1-based (line, column) of the first `needle` in `text`."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_model_error_is_a_value_error():
    assert issubclass(clearance.ModelError, ValueError)
    assert issubclass(clearance.MarkingError, clearance.ModelError)
    assert clearance.ModelError.__module__ == "clearance"


def test_an_unknown_key_names_its_pointer_line_and_column():
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_json(BAD_KEY, file_name="bad.json")
    error = caught.value
    assert error.pointer == "/nodes/1/acredited"
    assert (error.line, error.column) == position(BAD_KEY, '"acredited"')
    assert error.file == "bad.json"
    assert 'did you mean "accredited"' in error.message
    assert error.diagnostics[0].pointer == error.pointer
    assert any(d.pointer == "/nodes/1" and "accredited" in d.message for d in error.diagnostics)
    # str() lists every diagnostic, one a line, as the CLI prints them.
    assert str(error).splitlines() == [str(d) for d in error.diagnostics]
    assert str(error.diagnostics[0]).startswith("bad.json:%d:%d: /nodes/1/acredited: " % position(BAD_KEY, '"acredited"'))


def test_invalid_json_names_the_place():
    text = '{"clearance": 1,\n "nodes": [],}'
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_json(text)
    assert caught.value.line == 2
    assert caught.value.column == text.splitlines()[1].index("}") + 1
    assert caught.value.file is None


def test_an_unknown_country_names_the_field():
    model = minimal_model()
    model["nodes"][1]["jurisdiction"] = "QZX"
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_dict(model)
    assert "/nodes/1/jurisdiction" in [d.pointer for d in caught.value.diagnostics]


def test_an_unknown_data_id_in_uses_is_an_error():
    model = minimal_model()
    model["workloads"][0]["uses"] = ["isr", "imagery"]
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_dict(model)
    assert caught.value.pointer == "/workloads/0/uses/1"


def test_a_bad_marking_in_a_model_names_the_field():
    model = minimal_model()
    model["data"][0]["marking"] = "SECRET//SI/NOFORN"
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_dict(model)
    assert caught.value.pointer == "/data/0/marking"


def test_a_dict_goes_through_strict_json():
    model = minimal_model()
    model["nodes"][0]["capacity"] = {"cpu": float("nan")}
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_dict(model)
    assert caught.value.pointer == "/nodes/0/capacity/cpu"
    with pytest.raises(TypeError):
        clearance.Model.from_dict({"clearance": 1, "nodes": object()})


def test_a_missing_version_is_an_error():
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.from_dict({"nodes": []})
    assert "clearance" in str(caught.value)


def test_a_file_that_cannot_be_read_raises_os_error(tmp_path):
    with pytest.raises(OSError):
        clearance.Model.load(tmp_path / "missing.json")


def test_a_file_with_errors_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(BAD_KEY, encoding="utf-8")
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Model.load(path)
    assert caught.value.file.endswith("broken.json")
    assert (caught.value.line, caught.value.column) == position(BAD_KEY, '"acredited"')


def test_a_path_may_be_str_bytes_or_path_like(tmp_path):
    path = tmp_path / "estate.json"
    path.write_text(json.dumps(minimal_model()), encoding="utf-8")
    for spelling in (path, str(path), bytes(path)):
        assert clearance.Model.load(spelling).name == "minimal"


def test_a_model_is_named_after_its_file(tmp_path):
    model = minimal_model()
    del model["name"]
    path = tmp_path / "unnamed-estate.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    assert clearance.Model.load(str(path)).name == "unnamed-estate"
    assert clearance.Model.from_dict(model).name == "model"
    assert clearance.Model.from_dict(model, file_name="dir/estate.json").name == "estate"


def test_model_errors_can_be_raised_and_caught_as_value_errors():
    with pytest.raises(ValueError):
        clearance.Model.from_json("[]")
    error = clearance.ModelError("plain")
    assert error.diagnostics == [] and error.pointer is None and error.message == "plain"


def test_a_path_with_an_embedded_nul_is_refused_not_cut_short():
    from conftest import EXAMPLES_DIR

    real = str(EXAMPLES_DIR / "coalition-cloud.json")
    with pytest.raises(ValueError, match="embedded null character"):
        clearance.Model.load(real + "\0suffix")
    model = clearance.Model.load(real)
    with pytest.raises(ValueError, match="embedded null character"):
        clearance.Waivers.load(real + "\0x", model)
