//! 印刷 (print): the core's sheets ([`onshi_core::sheet`]) laid out as A4 PDFs by Typst, used as
//! a library. The sheet is passed to the template as JSON (`/data.json`, read with `json()`), so
//! a clinic name with `#`, `[`, `*` or `$` prints as written and is never run as markup. The
//! font is IPAexGothic, unmodified in the binary and embedded in each PDF as a subset.
//!
//! Why Typst rather than krilla: tables that break across pages, Japanese line breaking (禁則)
//! and the A4 layout come from a maintained layout engine; krilla would leave line breaking and
//! table layout to us. The cost is measured in the README (binary and build time).

use std::sync::OnceLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// IPAexGothic, copied from the system package by build.rs (see `assets/fonts/` for its licence).
static FONT_DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ipaexg.ttf"));

const COMMON: &str = include_str!("../templates/common.typ");
const CHECKLIST: &str = include_str!("../templates/checklist.typ");
const HANDOFF: &str = include_str!("../templates/handoff.typ");
const VISIT: &str = include_str!("../templates/visit.typ");

/// Why a sheet could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The template failed (a bug of ours, never the user's input).
    #[error(
        "印刷物を組み立てられませんでした（{0}）。オン資ナビの不具合です。サポートに連絡してください。"
    )]
    Layout(String),
    #[error(
        "印刷用の書体（IPAexゴシック）を読み込めませんでした。オン資ナビを入れ直してください。"
    )]
    Font,
}

/// A PDF and what the user should know about it.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks (they print as empty boxes), in Japanese.
    pub warnings: Vec<String>,
}

/// The kinds of sheets (one template each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Checklist,
    Handoff,
    Visit,
}

impl Template {
    fn source(self) -> &'static str {
        match self {
            Template::Checklist => CHECKLIST,
            Template::Handoff => HANDOFF,
            Template::Visit => VISIT,
        }
    }
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    font: Font,
}

/// The library, the font and its book, built once per process (the font is parsed once).
fn shared() -> Result<&'static Shared, PrintError> {
    static SHARED: OnceLock<Option<Shared>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let font = Font::new(Bytes::new(FONT_DATA), 0)?;
            Some(Shared {
                library: LazyHash::new(Library::default()),
                book: LazyHash::new(FontBook::from_fonts([&font])),
                font,
            })
        })
        .as_ref()
        .ok_or(PrintError::Font)
}

fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// The world one sheet is compiled in: the template, the shared layout, the data, nothing else
/// (no file system, no packages, no clock: the printed date is in the data).
struct SheetWorld {
    shared: &'static Shared,
    main: Source,
    common: Source,
    data: Bytes,
    data_id: FileId,
}

impl World for SheetWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            self.source(id)
                .map(|s| Bytes::from_string(s.text().to_string()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        (index == 0).then(|| self.shared.font.clone())
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// Characters that draw nothing by design (variation selectors, e.g. the IVS of 葛󠄀; zero-width
/// spaces and joiners): not a missing glyph.
fn default_ignorable(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

/// The characters of every string in `value` that the font has no glyph for.
fn missing_glyphs(font: &Font, value: &serde_json::Value, out: &mut Vec<char>) {
    match value {
        serde_json::Value::String(s) => {
            for c in s.chars() {
                if !c.is_control()
                    && !default_ignorable(c)
                    && !font.info().coverage.contains(c as u32)
                    && !out.contains(&c)
                {
                    out.push(c);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| missing_glyphs(font, v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| missing_glyphs(font, v, out)),
        _ => {}
    }
}

fn layout_error(errors: &[typst::diag::SourceDiagnostic]) -> PrintError {
    PrintError::Layout(
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Lays out `sheet` with `template` and writes the PDF.
pub fn render<T: Serialize>(template: Template, sheet: &T) -> Result<Pdf, PrintError> {
    let shared = shared()?;
    let value = serde_json::to_value(sheet).map_err(|e| PrintError::Layout(e.to_string()))?;
    let mut missing = Vec::new();
    missing_glyphs(&shared.font, &value, &mut missing);
    let (Some(main_id), Some(common_id), Some(data_id)) = (
        file_id("/main.typ"),
        file_id("/common.typ"),
        file_id("/data.json"),
    ) else {
        return Err(PrintError::Layout("virtual paths".into()));
    };
    let world = SheetWorld {
        shared,
        main: Source::new(main_id, template.source().to_string()),
        common: Source::new(common_id, COMMON.to_string()),
        data: Bytes::new(value.to_string().into_bytes()),
        data_id,
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| layout_error(&e))?;
    let bytes = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| layout_error(&e))?;
    let warnings = missing
        .iter()
        .map(|c| {
            format!(
                "「{c}」（U+{:04X}）は印刷用の書体（IPAexゴシック）にない文字のため、印刷では空の四角になります。印刷したあと手書きで補ってください。",
                *c as u32
            )
        })
        .collect();
    Ok(Pdf {
        pages: document.pages().len(),
        bytes,
        warnings,
    })
}

/// Why a PDF could not be saved (the path is the user's own choice, so the message names it).
#[derive(Debug, thiserror::Error)]
#[error(
    "「{path}」に保存できませんでした（{reason}）。保存先のフォルダーがあり、書き込めるかを確かめてください。何も保存していません。"
)]
pub struct SaveError {
    pub path: String,
    pub reason: String,
}

/// Writes `bytes` to `path` with the core's [`onshi_core::files::write_atomically`] (never half a
/// file; an existing file is kept on failure), its failure said in Japanese for the user.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), SaveError> {
    onshi_core::files::write_atomically(path, bytes).map_err(|e| SaveError {
        path: path.display().to_string(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "フォルダーがありません".into(),
            std::io::ErrorKind::PermissionDenied => {
                "書き込みが許可されていないか、同じ名前のPDFを開いています。開いていれば閉じてから、もう一度お試しください".into()
            }
            std::io::ErrorKind::IsADirectory => "同じ名前のフォルダーがあります".into(),
            std::io::ErrorKind::NotADirectory => "保存先の途中がフォルダーではありません".into(),
            std::io::ErrorKind::StorageFull => "ディスクがいっぱいです".into(),
            _ => format!("詳細: {e}"),
        },
    })
}
