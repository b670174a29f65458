//! Finds IPAexGothic (the unmodified `ipaexg.ttf` of Debian's fonts-ipaexfont-gothic, installed
//! by `scripts/setup-system.sh build`) and copies it into OUT_DIR for `include_bytes!`: the font
//! is embedded in the binary, so a clinic PC needs no font of its own, and it is not committed
//! (6 MB). `ONSHI_PRINT_FONT` names another copy of the same file.

use std::path::PathBuf;

const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
];

fn main() {
    println!("cargo:rerun-if-env-changed=ONSHI_PRINT_FONT");
    let given = std::env::var_os("ONSHI_PRINT_FONT").map(PathBuf::from);
    let found = given
        .into_iter()
        .chain(CANDIDATES.iter().map(PathBuf::from))
        .find(|p| p.is_file());
    let Some(font) = found else {
        panic!(
            "IPAexGothic (ipaexg.ttf) が見つかりません。scripts/setup-system.sh build で \
             fonts-ipaexfont-gothic を入れるか、ONSHI_PRINT_FONT にファイルの場所を指定してください。"
        );
    };
    println!("cargo:rerun-if-changed={}", font.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("ipaexg.ttf");
    if let Err(e) = std::fs::copy(&font, &out) {
        panic!("{} を {} に写せません: {e}", font.display(), out.display());
    }
}
