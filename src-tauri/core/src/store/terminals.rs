//! 端末台帳 in the database: the register's changes, append-only (added, renamed, retired).

use rusqlite::{Connection, Row, params};

use super::log::{corrupt, load_case};
use super::{Store, wizard::role_of};
use crate::case::Case;
use crate::clinic::ClinicId;
use crate::terminal_register::{ChangeKind, TerminalChange};
use crate::{Result, calendar};

const COLUMNS: &str =
    "SELECT clinic_id, kind, name, new_name, date, role, recorded_at FROM terminal_changes";

fn read(r: &Row<'_>) -> Result<(String, TerminalChange)> {
    let kind: String = r.get(1)?;
    let date: String = r.get(4)?;
    let role: String = r.get(5)?;
    Ok((
        r.get(0)?,
        TerminalChange {
            kind: ChangeKind::parse(&kind).ok_or_else(|| corrupt("terminal change", &kind))?,
            name: r.get(2)?,
            new_name: r.get(3)?,
            date: calendar::parse_date(&date).map_err(|e| corrupt("terminal change date", e))?,
            role: role_of(&role)?,
            recorded_at: r.get(6)?,
        },
    ))
}

/// One clinic's changes, oldest first.
pub(super) fn changes_of(conn: &Connection, id: &ClinicId) -> Result<Vec<TerminalChange>> {
    let mut stmt = conn.prepare_cached(&format!("{COLUMNS} WHERE clinic_id = ?1 ORDER BY seq"))?;
    let mut rows = stmt.query([id.as_str()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read(row)?.1);
    }
    Ok(out)
}

/// Every clinic's changes, oldest first, as (clinic id, change).
pub(super) fn all_changes(conn: &Connection) -> Result<Vec<(String, TerminalChange)>> {
    let mut stmt = conn.prepare_cached(&format!("{COLUMNS} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read(row)?);
    }
    Ok(out)
}

impl Store {
    /// Checks a change against the register as stored now and appends it, in one transaction.
    pub(super) fn change_terminal_with(
        &mut self,
        id: &ClinicId,
        plan: impl FnOnce(&Case) -> Result<TerminalChange>,
    ) -> Result<TerminalChange> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let change = plan(&case)?;
        tx.prepare_cached(
            "INSERT INTO terminal_changes (clinic_id, kind, name, new_name, date, role, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id.as_str(),
            change.kind.as_str(),
            change.name,
            change.new_name,
            change.date.to_string(),
            change.role.as_str(),
            change.recorded_at
        ])?;
        tx.commit()?;
        Ok(change)
    }
}
