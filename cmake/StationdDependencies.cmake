# Every dependency comes from a Debian 12 package (see scripts/debian-packages).
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json)
find_package(SQLite3 REQUIRED)
find_package(tomlplusplus REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)

if(STATIOND_TESTS)
  find_package(doctest REQUIRED CONFIG)
  include(doctest)
endif()
# ZeroMQ (libzmq with CURVE) and its C++ binding, header-only.
pkg_check_modules(ZMQ REQUIRED IMPORTED_TARGET libzmq)
find_path(CPPZMQ_INCLUDE_DIR zmq.hpp REQUIRED)
