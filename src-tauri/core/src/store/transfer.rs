//! 書き出し・読み込み (clinic transfer): one clinic, several or all, written to a versioned
//! JSON file and read into another PC's database. The file holds each clinic's rows as stored
//! (clinic and profile, procedures and their answers, the whole event log, situations,
//! confirmations, the code history, the terminal register); never a secret, since none is in
//! the database. Its format is documented in `docs/transfer-format.md`.
//!
//! Reading a file is one transaction, checked as the app reads its own data before it commits:
//! a bad file changes nothing. Rows are merged by their identity — every column but the local
//! sequence number — so reading the same file twice changes nothing, and nothing is dropped:
//!
//! - a clinic or a procedure already here takes the file's version only if it is newer
//!   (`updated_at`); the older answers stay in the event log either way;
//! - an event already here (the same row) is not added again; the same step on the same day
//!   recorded separately on both PCs is the same fact, counted as such;
//! - the same step recorded on both PCs with different dates is a real conflict (食い違い):
//!   both records are kept, the conflict is stored, and the procedure shows 問題あり until
//!   someone records the step again here;
//! - a clinic whose 医療機関コード belongs to another clinic here is not read, and said so.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::{Map, Value};

use super::Store;
use crate::case::EventConflict;
use crate::clinic::ClinicId;
use crate::{Error, Result};

/// The file's kind, in its `format` field.
pub const FORMAT: &str = "onshi-navi-clinics";
/// The newest file format this build reads and the one it writes.
pub const FORMAT_VERSION: u64 = 1;

/// One table of a clinic's rows: its columns in the file, and the ones that identify a row.
struct Table {
    name: &'static str,
    /// The key in the file.
    key: &'static str,
    columns: &'static [&'static str],
    /// Empty: every column identifies the row (an append-only log line).
    identity: &'static [&'static str],
    order: &'static str,
}

const CLINIC_COLUMNS: &[&str] = &[
    "id",
    "name",
    "pref_code",
    "tensu",
    "medical_code",
    "created_at",
    "updated_at",
    "profile",
];

const TABLES: &[Table] = &[
    Table {
        name: "procedures",
        key: "procedures",
        columns: &[
            "clinic_id",
            "procedure_id",
            "content_version",
            "answers",
            "started_at",
            "updated_at",
        ],
        identity: &["clinic_id", "procedure_id"],
        order: "started_at, rowid",
    },
    Table {
        name: "events",
        key: "events",
        columns: &[
            "clinic_id",
            "procedure_id",
            "kind",
            "event_id",
            "date",
            "terminal",
            "code",
            "data",
            "role",
            "content_version",
            "recorded_at",
        ],
        identity: &[],
        order: "seq",
    },
    Table {
        name: "situations",
        key: "situations",
        columns: &["clinic_id", "situation_id", "answers", "role", "started_at"],
        identity: &["clinic_id", "situation_id"],
        order: "started_at, rowid",
    },
    Table {
        name: "confirmations",
        key: "confirmations",
        columns: &[
            "clinic_id",
            "procedure_id",
            "danger_id",
            "terminal",
            "role",
            "confirmed_at",
        ],
        identity: &[],
        order: "seq",
    },
    Table {
        name: "code_history",
        key: "code_history",
        columns: &[
            "clinic_id",
            "name",
            "full_code",
            "until",
            "role",
            "recorded_at",
        ],
        identity: &[],
        order: "seq",
    },
    Table {
        name: "terminal_changes",
        key: "terminal_changes",
        columns: &[
            "clinic_id",
            "kind",
            "name",
            "new_name",
            "date",
            "role",
            "recorded_at",
        ],
        identity: &[],
        order: "seq",
    },
];

/// An open conflict's columns in the file (`conflicts`): the local `seq` and `after_seq` mean
/// nothing on another PC, and `imported_row` (the other record, whole) identifies it.
const CONFLICT_FILE_COLUMNS: &[&str] = &[
    "clinic_id",
    "procedure_id",
    "event_id",
    "terminal",
    "code",
    "local_date",
    "imported_date",
    "found_at",
    "imported_row",
];

/// A conflict found by an import, as the report says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundConflict {
    pub clinic: String,
    pub procedure_id: String,
    pub event_id: String,
    pub terminal: Option<String>,
    pub local_date: String,
    pub imported_date: String,
}

impl FoundConflict {
    /// The step as the screens name it (the event's title), or its id if the content lacks it.
    pub fn step_title(&self, catalog: &crate::procedure::Catalog) -> String {
        catalog
            .event(&self.event_id)
            .map_or_else(|_| self.event_id.clone(), |e| e.title.clone())
    }
}

/// What a file read did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Clinics new here (their names).
    pub added: Vec<String>,
    /// Clinics already here that gained rows or a newer version (their names).
    pub merged: Vec<String>,
    /// Rows added to clinics already here.
    pub rows_added: usize,
    /// Rows already here (the same row, or the same step on the same day).
    pub already_here: usize,
    pub conflicts: Vec<FoundConflict>,
    /// Clinics not read, and why (a code used by another clinic here).
    pub skipped: Vec<String>,
}

fn invalid(why: impl Into<String>) -> Error {
    Error::TransferInvalid { why: why.into() }
}

/// A value the database refuses (a check, a type) is the file's fault; anything else (a full
/// disk, a busy database) is said as what it is.
fn refused(what: String) -> impl FnOnce(rusqlite::Error) -> Error {
    move |e| match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::ConstraintViolation | rusqlite::ErrorCode::TypeMismatch
            ) =>
        {
            invalid(format!("{what}（{e}）"))
        }
        _ => Error::from(e),
    }
}

fn to_json(v: rusqlite::types::ValueRef<'_>) -> Result<Value> {
    use rusqlite::types::ValueRef;
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Text(t) => Value::String(
            std::str::from_utf8(t)
                .map_err(|e| Error::StorageCorrupt {
                    detail: e.to_string(),
                })?
                .to_string(),
        ),
        ValueRef::Real(_) | ValueRef::Blob(_) => {
            return Err(Error::StorageCorrupt {
                detail: "unexpected column type".into(),
            });
        }
    })
}

/// Every row of `table` (or of the clinics), by clinic id, in the table's order.
fn rows_by_clinic(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    clinic_column: &str,
    order: &str,
) -> Result<HashMap<String, Vec<Map<String, Value>>>> {
    let sql = format!(
        "SELECT {} FROM {table} ORDER BY {order}",
        columns.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let at = columns
        .iter()
        .position(|c| *c == clinic_column)
        .unwrap_or(0);
    let mut out: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut map = Map::new();
        for (i, c) in columns.iter().enumerate() {
            map.insert((*c).to_string(), to_json(row.get_ref(i)?)?);
        }
        let clinic = map
            .get(columns[at])
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        out.entry(clinic).or_default().push(map);
    }
    Ok(out)
}

impl Store {
    /// The clinics `ids` (all of them when empty) as a transfer file, written at `now`.
    pub fn export_clinics(&self, ids: &[ClinicId], now: jiff::Timestamp) -> Result<Value> {
        // One read transaction: every table (and the conflicts' open test) sees the same state,
        // even while another process writes.
        let snapshot = self.conn.unchecked_transaction()?;
        let conn: &Connection = &snapshot;
        let clinics = rows_by_clinic(conn, "clinics", CLINIC_COLUMNS, "id", "created_at, rowid")?;
        let mut order: Vec<String> = Vec::new();
        {
            let mut stmt = conn.prepare("SELECT id FROM clinics ORDER BY created_at, rowid")?;
            for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
                order.push(id?);
            }
        }
        if !ids.is_empty() {
            for id in ids {
                if !clinics.contains_key(id.as_str()) {
                    return Err(Error::NotFound {
                        what: "医療機関",
                        id: id.to_string(),
                    });
                }
            }
            let wanted: HashSet<&str> = ids.iter().map(ClinicId::as_str).collect();
            order.retain(|id| wanted.contains(id.as_str()));
        }
        let mut tables = Vec::new();
        for t in TABLES {
            tables.push(rows_by_clinic(
                conn,
                t.name,
                t.columns,
                "clinic_id",
                t.order,
            )?);
        }
        let conflicts = open_conflicts_by_clinic(conn)?;
        let mut docs = Vec::with_capacity(order.len());
        for id in &order {
            let mut doc = Map::new();
            let clinic = clinics
                .get(id)
                .and_then(|rows| rows.first())
                .cloned()
                .unwrap_or_default();
            doc.insert("clinic".into(), Value::Object(clinic));
            for (t, rows) in TABLES.iter().zip(&tables) {
                let list = rows.get(id).cloned().unwrap_or_default();
                doc.insert(
                    t.key.into(),
                    Value::Array(list.into_iter().map(Value::Object).collect()),
                );
            }
            // Undecided conflicts travel with the clinic: the other PC must show 問題あり too.
            if let Some(open) = conflicts.get(id) {
                doc.insert(
                    "conflicts".into(),
                    Value::Array(open.iter().cloned().map(Value::Object).collect()),
                );
            }
            docs.push(Value::Object(doc));
        }
        Ok(serde_json::json!({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": now.to_string(),
            "schema_version": super::SCHEMA_VERSION,
            "clinics": docs,
        }))
    }

    /// Reads a transfer file (see the module docs): all of it, or — when anything in it is
    /// wrong — nothing.
    pub fn import_clinics(&mut self, bytes: &[u8], now: jiff::Timestamp) -> Result<ImportReport> {
        let file: Value = serde_json::from_slice(bytes).map_err(|_| {
            invalid("JSON として読めません（ファイルが壊れているか、別の種類のファイルです）")
        })?;
        if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(invalid("オン資ナビの書き出しファイルではありません"));
        }
        let version = file
            .get("format_version")
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid("形式の版がありません"))?;
        if version > FORMAT_VERSION {
            return Err(Error::TransferTooNew {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if version == 0 {
            return Err(invalid("形式の版が正しくありません"));
        }
        let docs = file
            .get("clinics")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("医療機関の一覧がありません"))?;

        let tx = self.write()?;
        let mut report = ImportReport::default();
        let found_at = now.to_string();
        for (n, doc) in docs.iter().enumerate() {
            import_clinic(&tx, doc, n + 1, &found_at, &mut report)?;
        }
        // Every clinic read is loaded as the app loads it: a value the app cannot read (a
        // bad code, an unknown role, a malformed date or document) refuses the whole file.
        for doc in docs {
            let Some(id) = doc
                .pointer("/clinic/id")
                .and_then(Value::as_str)
                .and_then(|id| ClinicId::from_input(id).ok())
            else {
                continue;
            };
            if report.skipped.iter().any(|s| s.contains(id.as_str())) {
                continue;
            }
            super::log::load_case(&tx, &id)
                .map_err(|e| invalid(format!("医療機関 {id} の内容を読めません（{e}）")))?;
        }
        tx.commit()?;
        Ok(report)
    }
}

/// A row of the file as SQL values, in `columns` order: every column present, each a string,
/// an integer or null.
fn row_values(row: &Value, columns: &[&str], what: &str) -> Result<Vec<Sql>> {
    let map = row
        .as_object()
        .ok_or_else(|| invalid(format!("{what}が正しい形ではありません")))?;
    let mut out = Vec::with_capacity(columns.len());
    for c in columns {
        let v = map
            .get(*c)
            .ok_or_else(|| invalid(format!("{what}に「{c}」がありません")))?;
        out.push(match v {
            Value::Null => Sql::Null,
            Value::String(s) => {
                // Dates and times are read back by the app: they must be ones.
                let ok = if *c == "date" || *c == "until" {
                    s.parse::<jiff::civil::Date>().is_ok()
                } else if c.ends_with("_at") {
                    s.parse::<jiff::Timestamp>().is_ok()
                } else {
                    true
                };
                if !ok {
                    return Err(invalid(format!(
                        "{what}の「{c}」が日付・日時として読めません"
                    )));
                }
                Sql::Text(s.clone())
            }
            Value::Number(n) => Sql::Integer(
                n.as_i64()
                    .ok_or_else(|| invalid(format!("{what}の「{c}」が整数ではありません")))?,
            ),
            _ => {
                return Err(invalid(format!(
                    "{what}の「{c}」の値の形が正しくありません"
                )));
            }
        });
    }
    Ok(out)
}

fn text(values: &[Sql], columns: &[&str], name: &str) -> Option<String> {
    let i = columns.iter().position(|c| *c == name)?;
    match &values[i] {
        Sql::Text(s) => Some(s.clone()),
        _ => None,
    }
}

/// `a IS ?1 AND b IS ?2 …` over `names` (IS: null equals null).
fn matching(names: &[&str], first: usize) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} IS ?{}", first + i))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn insert(conn: &Connection, table: &str, columns: &[&str], values: &[Sql]) -> Result<()> {
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    conn.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    ))?
    .execute(params_from_iter(values.iter()))
    .map_err(refused(format!("{table} の行を取り込めません")))?;
    Ok(())
}

fn import_clinic(
    conn: &Connection,
    doc: &Value,
    n: usize,
    found_at: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let what = format!("{n}件目の医療機関");
    let clinic = row_values(
        doc.get("clinic").unwrap_or(&Value::Null),
        CLINIC_COLUMNS,
        &what,
    )?;
    let id = text(&clinic, CLINIC_COLUMNS, "id")
        .ok_or_else(|| invalid(format!("{what}の ID がありません")))?;
    ClinicId::from_input(&id).map_err(|_| invalid(format!("{what}の ID が正しくありません")))?;
    let name = text(&clinic, CLINIC_COLUMNS, "name").unwrap_or_default();
    let code = |k| text(&clinic, CLINIC_COLUMNS, k).unwrap_or_default();
    let (pref, tensu, medical) = (code("pref_code"), code("tensu"), code("medical_code"));

    // The same code on another clinic here: not read (merging two clinics is a person's call).
    let other: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT id, name FROM clinics WHERE pref_code = ?1 AND tensu = ?2 AND medical_code = ?3 AND id <> ?4",
        )?
        .query_row([&pref, &tensu, &medical, &id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((_, other_name)) = other {
        report.skipped.push(format!(
            "{name}（{id}）：医療機関コード {medical} は、このパソコンの「{other_name}」のものです。取り込んでいません"
        ));
        return Ok(());
    }

    let local_updated: Option<String> = conn
        .prepare_cached("SELECT updated_at FROM clinics WHERE id = ?1")?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    let existed = local_updated.is_some();
    let mut changed = false;
    match local_updated {
        None => insert(conn, "clinics", CLINIC_COLUMNS, &clinic)?,
        Some(local) => {
            let theirs = text(&clinic, CLINIC_COLUMNS, "updated_at").unwrap_or_default();
            if newer(&theirs, &local) {
                conn.prepare_cached(
                    "UPDATE clinics SET name = ?2, pref_code = ?3, tensu = ?4, medical_code = ?5,
                        updated_at = ?7, profile = ?8 WHERE id = ?1",
                )?
                .execute(params_from_iter(clinic.iter()))
                .map_err(refused(format!("{what}を更新できません")))?;
                changed = true;
            }
        }
    }

    // The file's own events for this clinic: a local row among them came from the same
    // history, so differing from it is no conflict.
    let event_table = &TABLES[1];
    let file_rows: Vec<Vec<Sql>> = doc
        .get(event_table.key)
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(|r| row_values(r, event_table.columns, &what).ok())
                .collect()
        })
        .unwrap_or_default();
    let file_events: HashSet<Vec<String>> = file_rows
        .iter()
        .map(|v| v.iter().map(sql_key).collect())
        .collect();
    // The file's last record of each step: the other PC's current word on it.
    let mut file_latest: HashMap<Vec<String>, Vec<String>> = HashMap::new();
    for v in &file_rows {
        if text(v, event_table.columns, "kind").as_deref() == Some("event") {
            file_latest.insert(step_key(v), v.iter().map(sql_key).collect());
        }
    }
    let before: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM events")?
        .query_row([], |r| r.get(0))?;

    for t in TABLES {
        let rows = match doc.get(t.key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(rows)) => rows,
            Some(_) => {
                return Err(invalid(format!(
                    "{what}の「{}」が一覧ではありません",
                    t.key
                )));
            }
        };
        for row in rows {
            let values = row_values(row, t.columns, &format!("{what}の「{}」", t.key))?;
            if text(&values, t.columns, "clinic_id").as_deref() != Some(id.as_str()) {
                return Err(invalid(format!(
                    "{what}の「{}」に、別の医療機関の行があります",
                    t.key
                )));
            }
            let identity: Vec<&str> = if t.identity.is_empty() {
                t.columns.to_vec()
            } else {
                t.identity.to_vec()
            };
            let key: Vec<Sql> = identity
                .iter()
                .map(|c| {
                    let i = t.columns.iter().position(|x| x == c).unwrap_or(0);
                    values[i].clone()
                })
                .collect();
            let here: Option<i64> = conn
                .prepare_cached(&format!(
                    "SELECT rowid FROM {} WHERE {}",
                    t.name,
                    matching(&identity, 1)
                ))?
                .query_row(params_from_iter(key.iter()), |r| r.get(0))
                .optional()?;
            if here.is_some() {
                // The procedures' answers: the newer version wins (the older stays in the log).
                if t.name == "procedures" && update_if_newer(conn, &values)? {
                    changed = true;
                    report.rows_added += usize::from(existed);
                } else {
                    report.already_here += usize::from(existed);
                }
                continue;
            }
            if t.name == "events" {
                match event_against_local(conn, &values, before, &file_events, &file_latest)? {
                    Local::Same => {
                        report.already_here += usize::from(existed);
                        continue;
                    }
                    Local::Conflict(local_date) => {
                        // Kept whole beside the log, not in it: appended to the log it would
                        // become this step's latest record and reopen the steps after it. The
                        // person decides by recording the step again.
                        let v = |c| text(&values, t.columns, c);
                        let kept = keep_conflict(
                            conn,
                            Disagreement {
                                clinic_id: &id,
                                clinic_name: &name,
                                procedure_id: v("procedure_id"),
                                event_id: v("event_id"),
                                terminal: v("terminal"),
                                code: v("code"),
                                local_date,
                                imported_date: v("date").unwrap_or_default(),
                                found_at: found_at.to_string(),
                                after_seq: before,
                                imported_row: serde_json::to_string(row).unwrap_or_default(),
                            },
                            report,
                        )?;
                        if kept {
                            changed = true;
                        } else {
                            report.already_here += usize::from(existed);
                        }
                        continue;
                    }
                    Local::New => {}
                }
            }
            insert(conn, t.name, t.columns, &values)?;
            changed = true;
            report.rows_added += usize::from(existed);
        }
    }
    if import_conflicts(conn, doc, &id, &name, &what, existed, report)? {
        changed = true;
    }
    if !existed {
        report.added.push(name);
    } else if changed {
        report.merged.push(name);
    }
    Ok(())
}

fn sql_key(v: &Sql) -> String {
    match v {
        Sql::Null => "\u{0}null".into(),
        Sql::Integer(i) => format!("\u{0}i{i}"),
        Sql::Text(s) => s.clone(),
        _ => String::new(),
    }
}

/// RFC 3339 times compared as times (a string compare would misorder other offsets).
fn newer(theirs: &str, ours: &str) -> bool {
    match (
        theirs.parse::<jiff::Timestamp>(),
        ours.parse::<jiff::Timestamp>(),
    ) {
        (Ok(t), Ok(o)) => t > o,
        _ => false,
    }
}

/// A procedure row present here: replaced by the file's when that one is newer.
fn update_if_newer(conn: &Connection, values: &[Sql]) -> Result<bool> {
    let cols = TABLES[0].columns;
    let id = text(values, cols, "clinic_id").unwrap_or_default();
    let procedure = text(values, cols, "procedure_id").unwrap_or_default();
    let local: String = conn
        .prepare_cached(
            "SELECT updated_at FROM procedures WHERE clinic_id = ?1 AND procedure_id = ?2",
        )?
        .query_row([&id, &procedure], |r| r.get(0))?;
    if !newer(
        &text(values, cols, "updated_at").unwrap_or_default(),
        &local,
    ) {
        return Ok(false);
    }
    conn.prepare_cached(
        "UPDATE procedures SET content_version = ?3, answers = ?4, updated_at = ?6
         WHERE clinic_id = ?1 AND procedure_id = ?2",
    )?
    .execute(params_from_iter(values.iter()))
    .map_err(refused("手続きの回答を更新できません".to_string()))?;
    Ok(true)
}

enum Local {
    New,
    /// Already said here: the same step on the same day, or a record the other PC itself
    /// superseded later.
    Same,
    /// The same step is here with another date (the local one), recorded independently.
    Conflict(String),
}

/// A step: (procedure, event, terminal, code) of an event row.
fn step_key(values: &[Sql]) -> Vec<String> {
    let cols = TABLES[1].columns;
    ["procedure_id", "event_id", "terminal", "code"]
        .iter()
        .map(|c| {
            let i = cols.iter().position(|x| x == c).unwrap_or(0);
            sql_key(&values[i])
        })
        .collect()
}

/// How a new event of the file stands against this PC's records of the same step (those here
/// before the import).
fn event_against_local(
    conn: &Connection,
    values: &[Sql],
    before: i64,
    file_events: &HashSet<Vec<String>>,
    file_latest: &HashMap<Vec<String>, Vec<String>>,
) -> Result<Local> {
    let cols = TABLES[1].columns;
    if text(values, cols, "kind").as_deref() != Some("event") {
        return Ok(Local::New);
    }
    let pick = |c: &str| {
        let i = cols.iter().position(|x| *x == c).unwrap_or(0);
        values[i].clone()
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM events WHERE kind = 'event' AND seq <= ?6 AND {} ORDER BY seq DESC LIMIT 1",
        cols.join(", "),
        matching(
            &["clinic_id", "procedure_id", "event_id", "terminal", "code"],
            1
        )
    ))?;
    let params = [
        pick("clinic_id"),
        pick("procedure_id"),
        pick("event_id"),
        pick("terminal"),
        pick("code"),
        Sql::Integer(before),
    ];
    let local: Option<Vec<Sql>> = stmt
        .query_row(params_from_iter(params.iter()), |row| {
            (0..cols.len()).map(|i| row.get::<_, Sql>(i)).collect()
        })
        .optional()?;
    // A step this PC never recorded: the other PC's records of it are new here.
    let Some(local) = local else {
        return Ok(Local::New);
    };
    let this: Vec<String> = values.iter().map(sql_key).collect();
    // Only the other PC's last word on the step counts; what it superseded itself stays there.
    if file_latest.get(&step_key(values)) != Some(&this) {
        return Ok(Local::Same);
    }
    // The other PC saw this PC's last record of the step and recorded it again after: an
    // update, not a disagreement.
    if file_events.contains(&local.iter().map(sql_key).collect::<Vec<_>>()) {
        return Ok(Local::New);
    }
    let local_date = text(&local, cols, "date").unwrap_or_default();
    if local_date == text(values, cols, "date").unwrap_or_default() {
        return Ok(Local::Same);
    }
    Ok(Local::Conflict(local_date))
}

const CONFLICT_COLUMNS: &str = "SELECT clinic_id, procedure_id, event_id, terminal, code, local_date, imported_date, found_at, after_seq FROM event_conflicts";

fn read_conflict(row: &rusqlite::Row<'_>) -> Result<(String, EventConflict)> {
    let date = |i: usize| -> Result<jiff::civil::Date> {
        let s: String = row.get(i)?;
        s.parse().map_err(|_| Error::StorageCorrupt {
            detail: format!("conflict date {s}"),
        })
    };
    Ok((
        row.get(0)?,
        EventConflict {
            procedure_id: row.get(1)?,
            event_id: row.get(2)?,
            terminal: row.get(3)?,
            code: row.get(4)?,
            local_date: date(5)?,
            imported_date: date(6)?,
            found_at: row.get(7)?,
            after_seq: row.get(8)?,
        },
    ))
}

/// A clinic's conflicts, oldest first.
pub(super) fn conflicts_of(conn: &Connection, id: &ClinicId) -> Result<Vec<EventConflict>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{CONFLICT_COLUMNS} WHERE clinic_id = ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([id.as_str()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_conflict(row)?.1);
    }
    Ok(out)
}

/// Every clinic's conflicts (for the board).
pub(super) fn all_conflicts(conn: &Connection) -> Result<Vec<(String, EventConflict)>> {
    let mut stmt = conn.prepare_cached(&format!("{CONFLICT_COLUMNS} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_conflict(row)?);
    }
    Ok(out)
}

/// Every clinic's undecided conflicts as file rows (see [`CONFLICT_FILE_COLUMNS`]), oldest
/// first. Conflicts are rare: only the clinics that have any are loaded to decide which are
/// still open.
fn open_conflicts_by_clinic(conn: &Connection) -> Result<HashMap<String, Vec<Map<String, Value>>>> {
    let mut rows = rows_by_clinic(
        conn,
        "event_conflicts",
        CONFLICT_FILE_COLUMNS,
        "clinic_id",
        "seq",
    )?;
    for (clinic, list) in rows.iter_mut() {
        let id = ClinicId::from_stored(clinic.clone()).ok_or_else(|| Error::StorageCorrupt {
            detail: format!("conflict of clinic {clinic}"),
        })?;
        let case = super::log::load_case(conn, &id)?;
        // The same order as the rows (both by seq).
        let open: Vec<bool> = conflicts_of(conn, &id)?
            .iter()
            .map(|c| c.is_open(&case))
            .collect();
        let mut flags = open.into_iter();
        list.retain(|_| flags.next().unwrap_or(true));
    }
    rows.retain(|_, list| !list.is_empty());
    Ok(rows)
}

/// Reads a clinic's `conflicts` from the file: each one not here yet is stored as found now,
/// after this clinic's records were read, so that it stays open here until the step is
/// recorded again on this PC. Returns whether any was added.
fn import_conflicts(
    conn: &Connection,
    doc: &Value,
    id: &str,
    name: &str,
    what: &str,
    existed: bool,
    report: &mut ImportReport,
) -> Result<bool> {
    let rows = match doc.get("conflicts") {
        None | Some(Value::Null) => return Ok(false),
        Some(Value::Array(rows)) => rows,
        Some(_) => {
            return Err(invalid(format!(
                "{what}の「conflicts」が一覧ではありません"
            )));
        }
    };
    let after: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM events")?
        .query_row([], |r| r.get(0))?;
    let mut added = false;
    for row in rows {
        let values = row_values(
            row,
            CONFLICT_FILE_COLUMNS,
            &format!("{what}の「conflicts」"),
        )?;
        let v = |c| text(&values, CONFLICT_FILE_COLUMNS, c);
        if v("clinic_id").as_deref() != Some(id) {
            return Err(invalid(format!(
                "{what}の「conflicts」に、別の医療機関の行があります"
            )));
        }
        let (Some(imported_row), Some(local_date), Some(imported_date), Some(found_at)) = (
            v("imported_row"),
            v("local_date"),
            v("imported_date"),
            v("found_at"),
        ) else {
            return Err(invalid(format!("{what}の「conflicts」に空の値があります")));
        };
        for d in [&local_date, &imported_date] {
            if d.parse::<jiff::civil::Date>().is_err() {
                return Err(invalid(format!("{what}の「conflicts」の日付が読めません")));
            }
        }
        // The other record is this PC's own (the file came back from the PC that found the
        // conflict): here it is the log's record, and the file's own events bring the other
        // side as a conflict of this PC's — the same disagreement, not a second one.
        let events = &TABLES[1];
        let other: Value = serde_json::from_str(&imported_row)
            .map_err(|_| invalid(format!("{what}の「conflicts」の記録が読めません")))?;
        let other = row_values(
            &other,
            events.columns,
            &format!("{what}の「conflicts」の記録"),
        )?;
        let ours: Option<i64> = conn
            .prepare_cached(&format!(
                "SELECT rowid FROM events WHERE {}",
                matching(events.columns, 1)
            ))?
            .query_row(params_from_iter(other.iter()), |r| r.get(0))
            .optional()?;
        let kept = ours.is_none()
            && keep_conflict(
                conn,
                Disagreement {
                    clinic_id: id,
                    clinic_name: name,
                    procedure_id: v("procedure_id"),
                    event_id: v("event_id"),
                    terminal: v("terminal"),
                    code: v("code"),
                    local_date,
                    imported_date,
                    found_at,
                    after_seq: after,
                    imported_row,
                },
                report,
            )?;
        if kept {
            added = true;
        } else {
            report.already_here += usize::from(existed);
        }
    }
    Ok(added)
}

/// A 食い違い to keep beside the log: this PC's record's date and the other record, whole.
struct Disagreement<'a> {
    clinic_id: &'a str,
    clinic_name: &'a str,
    procedure_id: Option<String>,
    event_id: Option<String>,
    terminal: Option<String>,
    code: Option<String>,
    local_date: String,
    imported_date: String,
    found_at: String,
    /// The log's last sequence number here: a record of the step after it decides.
    after_seq: i64,
    imported_row: String,
}

/// Stores `d` and reports it, unless the same conflict (the same other record) is already
/// kept for the clinic. Returns whether it was stored.
fn keep_conflict(
    conn: &Connection,
    d: Disagreement<'_>,
    report: &mut ImportReport,
) -> Result<bool> {
    let known: Option<i64> = conn
        .prepare_cached(
            "SELECT seq FROM event_conflicts WHERE clinic_id = ?1 AND imported_row = ?2",
        )?
        .query_row(rusqlite::params![d.clinic_id, d.imported_row], |r| r.get(0))
        .optional()?;
    if known.is_some() {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO event_conflicts (clinic_id, procedure_id, event_id, terminal, code,
            local_date, imported_date, found_at, after_seq, imported_row)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        d.clinic_id,
        d.procedure_id,
        d.event_id,
        d.terminal,
        d.code,
        d.local_date,
        d.imported_date,
        d.found_at,
        d.after_seq,
        d.imported_row
    ])
    .map_err(refused(format!(
        "{}の食い違いを記録できません",
        d.clinic_name
    )))?;
    report.conflicts.push(FoundConflict {
        clinic: d.clinic_name.to_string(),
        procedure_id: d.procedure_id.unwrap_or_default(),
        event_id: d.event_id.unwrap_or_default(),
        terminal: d.terminal,
        local_date: d.local_date,
        imported_date: d.imported_date,
    });
    Ok(true)
}
