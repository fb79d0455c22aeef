//! For a crate's build.rs: turns the output of `dmxp-msgc --lang rust -o <dir>` into one file
//! of modules, `pub mod <pkg> { pub mod msg { <every type> } }`, to `include!` anywhere:
//!
//! ```ignore
//! // build.rs
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("messages.rs");
//! dmxp_build::write_message_modules("/path/to/msgc-output", &out).unwrap();
//! // src/main.rs
//! mod messages { include!(concat!(env!("OUT_DIR"), "/messages.rs")); }
//! use messages::sensor_msgs::msg::JointState;
//! ```
//!
//! The file also defines `for_each_message_type!(callback)`, which calls
//! `callback!(pkg::msg::Type)` for every type (for tests that cover them all).
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// Puts libdmxp's folder into the rpath of this crate's programs, so they run without
/// LD_LIBRARY_PATH. Call from the build.rs of a crate that depends on `dmxp` (whose build
/// script reports the folder as DEP_DMXP_LIB_DIR; its own link arguments do not reach
/// dependents).
pub fn link_rpath_to_dmxp() {
    if let Ok(dir) = std::env::var("DEP_DMXP_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}

/// Writes the module tree of every `rust/<pkg>/msg/<Type>.rs` under `generated` to `out`,
/// and tells cargo to rerun when any of them changes.
pub fn write_message_modules(generated: impl AsRef<Path>, out: impl AsRef<Path>) -> io::Result<()> {
    let root = generated.as_ref().join("rust");
    let mut packages: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for pkg in fs::read_dir(&root)? {
        let pkg = pkg?;
        let name = pkg.file_name().to_string_lossy().into_owned();
        for ty in fs::read_dir(pkg.path().join("msg"))? {
            let path = ty?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                println!("cargo:rerun-if-changed={}", path.display());
                packages.entry(name.clone()).or_default().push((stem, path.display().to_string()));
            }
        }
    }
    let mut text = String::from("// Written by dmxp_build from dmxp-msgc's Rust output. Do not edit.\n");
    let mut list = String::new();
    for (pkg, types) in &mut packages {
        types.sort();
        text += &format!("pub mod {pkg} {{\n    pub mod msg {{\n");
        for (ty, path) in types.iter() {
            text += &format!("        include!({path:?});\n");
            list += &format!("        $callback!({pkg}::msg::{ty});\n");
        }
        text += "    }\n}\n";
    }
    text += &format!(
        "/// Calls `callback!(pkg::msg::Type)` for every generated type.\n#[allow(unused_macros)]\n\
         macro_rules! for_each_message_type {{\n    ($callback:ident) => {{\n{list}    }};\n}}\n"
    );
    println!("cargo:rerun-if-changed={}", root.display());
    fs::write(out, text)
}

/// The whole build.rs of a crate that uses generated messages: the module tree of the types
/// dmxp-msgc wrote to $DMXP_MSGC_OUTPUT, as $OUT_DIR/messages.rs, and the rpath to libdmxp.
pub fn messages_from_env() {
    println!("cargo:rerun-if-env-changed=DMXP_MSGC_OUTPUT");
    let generated = std::env::var("DMXP_MSGC_OUTPUT")
        .unwrap_or_else(|_| panic!("set DMXP_MSGC_OUTPUT to the -o folder of dmxp-msgc --lang rust"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    write_message_modules(generated, out).unwrap();
    link_rpath_to_dmxp();
}
