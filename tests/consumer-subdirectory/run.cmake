# CTest driver: configure tests/consumer-subdirectory (clearance by add_subdirectory), build
# it, and run the consumer on an example.
set(consumer_build ${BUILD_DIR}/consumer-subdirectory-build)
file(REMOVE_RECURSE ${consumer_build})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer-subdirectory -B ${consumer_build}
                        -DCLEARANCE_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_BUILD_TYPE=Release
                        # The flags and launcher of the main build, so that ccache (when
                        # present) serves the library's objects instead of compiling them again.
                        -DCLEARANCE_WERROR=ON -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE_PROGRAM}
                        RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the add_subdirectory consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${consumer_build} -j2 --target consumer RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the add_subdirectory consumer failed")
endif()
execute_process(COMMAND ${consumer_build}/consumer ${SOURCE_DIR}/examples/coalition-cloud.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(rc)
  message(FATAL_ERROR "the add_subdirectory consumer failed")
endif()
