// The app ACL manifest makes every app command subject to the capability files: a command that is
// not granted in `capabilities/main.json` cannot be called, even from our own UI.
include!("src/command_list.rs");

fn main() {
    println!("cargo::rerun-if-changed=src/command_list.rs");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {err:#}");
    }
}
