//! Finds libdmxp.so for linking: $DMXP_LIB_DIR when set (the CMake build passes its lib/
//! folder), else pkg-config's `dmxp` (an installed DMXP), else the C++ core is built with
//! CMake from this source tree into OUT_DIR. The library's folder goes into the rpath so
//! tests and examples run without LD_LIBRARY_PATH.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=DMXP_LIB_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    let dir = env::var_os("DMXP_LIB_DIR")
        .map(PathBuf::from)
        .or_else(pkg_config_libdir)
        .unwrap_or_else(build_with_cmake);
    if !dir.join("libdmxp.so").exists() {
        panic!("libdmxp.so not found in {} (set DMXP_LIB_DIR to the folder holding it)", dir.display());
    }
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=dylib=dmxp");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    // Dependent crates (their tests and examples) link the same library.
    println!("cargo:lib_dir={}", dir.display());
}

fn pkg_config_libdir() -> Option<PathBuf> {
    let out = Command::new("pkg-config").args(["--variable=libdir", "dmxp"]).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let dir = PathBuf::from(text.trim());
    (out.status.success() && dir.join("libdmxp.so").exists()).then_some(dir)
}

fn build_with_cmake() -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let build = PathBuf::from(env::var("OUT_DIR").unwrap()).join("cmake-build");
    let run = |args: &[&str]| {
        let ok = Command::new("cmake").args(args).status().map(|s| s.success()).unwrap_or(false);
        if !ok {
            panic!("cmake {} failed: build DMXP first and set DMXP_LIB_DIR", args.join(" "));
        }
    };
    let (src, bld) = (source.to_str().unwrap(), build.to_str().unwrap());
    run(&["-S", src, "-B", bld, "-DDMXP_BUILD_TESTS=OFF", "-DCMAKE_BUILD_TYPE=Release"]);
    run(&["--build", bld, "--target", "dmxp", "-j2"]);
    build.join("lib")
}
