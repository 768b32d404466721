"""The package: version, stubs, docstrings."""

import inspect
import pathlib

import clearance
import clearance._clearance as core


def test_the_version_is_the_librarys():
    assert clearance.__version__ == "0.1.0"
    assert clearance.__version__.count(".") == 2


def test_the_package_is_typed():
    package = pathlib.Path(clearance.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "__init__.pyi").exists()
    assert (package / "_clearance.pyi").exists()


def test_the_stubs_name_everything_the_module_exports():
    stub = (pathlib.Path(clearance.__file__).parent / "_clearance.pyi").read_text()
    for name in clearance.__all__:
        if name in ("testing", "__version__"):
            continue
        assert f"class {name}" in stub or f"def {name}(" in stub, name


def test_everything_public_has_a_docstring():
    missing = []
    for name in clearance.__all__:
        value = getattr(clearance, name)
        if isinstance(value, str):
            continue
        if not inspect.getdoc(value):
            missing.append(name)
        if inspect.isclass(value):
            for attribute, member in vars(value).items():
                if attribute.startswith("_") or attribute in ("with_traceback", "args"):
                    continue
                if isinstance(member, property) or callable(member) or hasattr(member, "__get__"):
                    if not inspect.getdoc(member):
                        missing.append(f"{name}.{attribute}")
    assert missing == [], missing


def test_the_module_and_package_have_docstrings():
    assert core.__doc__ and clearance.__doc__ and clearance.testing.__doc__


def stub_classes():
    """{class name: names it defines, its stub bases' included} from _clearance.pyi."""
    import ast

    tree = ast.parse((pathlib.Path(clearance.__file__).parent / "_clearance.pyi").read_text())
    classes = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            for base in node.bases:
                name = base.value.id if isinstance(base, ast.Subscript) else getattr(base, "id", None)
                names |= classes.get(name, set())
            classes[node.name] = names
    return classes


def test_the_stubs_describe_every_public_attribute():
    classes = stub_classes()
    missing = []
    for name in clearance.__all__:
        value = getattr(clearance, name)
        if not inspect.isclass(value) or issubclass(value, Exception):
            continue
        for attribute in vars(value):
            if attribute.startswith("_") and attribute not in ("__len__", "__iter__", "__getitem__", "__contains__"):
                continue
            if attribute not in classes.get(name, set()):
                missing.append(f"{name}.{attribute}")
    assert missing == [], missing
