# The version string carries the git description when built from a checkout, so a
# station's `stationd --version` identifies the exact build running at the bench.
set(STATIOND_VERSION_STRING "${PROJECT_VERSION}")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --tags
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE _git_describe
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(_git_describe)
    set(STATIOND_VERSION_STRING "${PROJECT_VERSION}+${_git_describe}")
  endif()
endif()
configure_file("${PROJECT_SOURCE_DIR}/daemon/version.hpp.in"
               "${PROJECT_BINARY_DIR}/generated/stationd/version.hpp" @ONLY)
