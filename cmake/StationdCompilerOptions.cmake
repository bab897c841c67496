# Warnings and sanitizers for the project's own code only. Third-party headers are
# included as SYSTEM so -Werror judges what we wrote, not what Debian ships.
add_library(stationd_options INTERFACE)
target_compile_options(stationd_options INTERFACE
  -Wall -Wextra -Werror -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
# Boost.Asio awaitable operators and coroutine frames trip GCC 12's null-dereference analysis.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # Also GCC 12 false positives on Boost.Asio coroutine frames (allocated by the frame's
  # operator new, freed by its operator delete) at -O1 and above.
  target_compile_options(stationd_options INTERFACE -Wno-null-dereference -Wno-maybe-uninitialized -Wno-mismatched-new-delete)
endif()
target_compile_definitions(stationd_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_BOOST_COROUTINE)

if(STATIOND_SANITIZE)
  target_compile_options(stationd_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(stationd_options INTERFACE -fsanitize=address,undefined)
endif()

if(FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FUZZ=ON needs clang (use the fuzz preset)")
  endif()
  # Coverage instrumentation for libFuzzer in every project library, with the sanitizers.
  target_compile_options(stationd_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(stationd_options INTERFACE -fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
  set(CMAKE_C_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()
