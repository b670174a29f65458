//! 操作 (operations): what a user does — add or change a clinic, save its profile, start a
//! procedure, record an event, accept newer content — as one call each, over the
//! [`Repository`] interface. The app's commands and the CLI both call these, so a check and
//! its write always happen in one transaction, whichever front end asks.

use std::cell::RefCell;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::Result;
use crate::case::{Confirmation, Instance, Role};
use crate::checklist::{self, Env, Target};
use crate::clinic::{Clinic, ClinicChanges, ClinicId, NewClinicForm};
use crate::postal::PostalTable;
use crate::profile::{ClinicProfile, ProfileChanges, ProfileForm};
use crate::store::{Recorded, Repository, SituationStart};
use crate::terminal_register::{Register, TerminalChange, TerminalRequest};
use crate::validate::FormReport;

/// Adds a clinic; returns it and the warnings the user accepted.
pub fn add_clinic(
    repo: &mut dyn Repository,
    form: &NewClinicForm,
    now: Timestamp,
) -> Result<(Clinic, FormReport)> {
    let (clinic, report) = form.validate()?;
    Ok((repo.add_clinic(&clinic, now)?, report))
}

/// Changes the given fields of a clinic (the rest as stored at the moment of the write).
pub fn update_clinic(
    repo: &mut dyn Repository,
    id: &ClinicId,
    changes: &ClinicChanges,
    now: Timestamp,
) -> Result<(Clinic, FormReport)> {
    let warnings = RefCell::new(FormReport::default());
    let clinic = repo.update_clinic(id, now, &|current| {
        let (clinic, report) = NewClinicForm::merged(current, changes).validate()?;
        *warnings.borrow_mut() = report;
        Ok(clinic)
    })?;
    Ok((clinic, warnings.into_inner()))
}

/// Changes the given fields of a clinic's profile (the rest as stored at the moment of the
/// write), checked against the clinic as stored then.
pub fn update_profile(
    repo: &mut dyn Repository,
    id: &ClinicId,
    changes: &ProfileChanges,
    postal: &PostalTable,
    now: Timestamp,
) -> Result<(ClinicProfile, FormReport)> {
    change_profile(repo, id, postal, now, &|stored| changes.merged(stored))
}

/// Replaces a clinic's profile with a whole form (the window's 医療機関情報 screen).
pub fn save_profile(
    repo: &mut dyn Repository,
    id: &ClinicId,
    form: &ProfileForm,
    postal: &PostalTable,
    now: Timestamp,
) -> Result<(ClinicProfile, FormReport)> {
    change_profile(repo, id, postal, now, &|_| form.clone())
}

/// Saves the form `form_of` makes of the stored profile, checked inside the write.
fn change_profile(
    repo: &mut dyn Repository,
    id: &ClinicId,
    postal: &PostalTable,
    now: Timestamp,
    form_of: &dyn Fn(&ClinicProfile) -> ProfileForm,
) -> Result<(ClinicProfile, FormReport)> {
    let warnings = RefCell::new(FormReport::default());
    let profile = repo.update_profile(id, now, &|clinic, stored| {
        let (profile, report) = form_of(stored).validate_for(clinic, postal)?;
        *warnings.borrow_mut() = report;
        Ok(profile)
    })?;
    Ok((profile, warnings.into_inner()))
}

/// Starts a procedure (or changes its answers), refused when it is blocked.
pub fn start_procedure(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    procedure_id: &str,
    answers: &[(String, String)],
    role: Role,
    now: Timestamp,
) -> Result<Instance> {
    repo.start_procedure(id, role, now, env.today, &|case| {
        checklist::plan_start(env, case, procedure_id, answers)
    })
}

/// Records an event on `date` (order, date, terminal and code checked against the stored log).
/// `env.today` should be `date`: the order checks depend on the event's date. `today` is the
/// real today: what has not happened yet cannot be recorded (a mail dated next week is a typo).
#[allow(clippy::too_many_arguments)]
pub fn record_event(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    event_id: &str,
    date: Date,
    today: Date,
    target: &Target<'_>,
    role: Role,
    now: Timestamp,
) -> Result<Recorded> {
    if date > today {
        return Err(crate::Error::FutureDate {
            date: crate::calendar::long_date(date),
            today: crate::calendar::long_date(today),
        });
    }
    repo.record_event(id, role, now, event_id, date, &|case| {
        checklist::plan_event(env, case, event_id, date, target)
    })
}

/// Moves a started procedure to the content version `env` has; returns that version.
pub fn accept_update(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    procedure_id: &str,
    role: Role,
    now: Timestamp,
) -> Result<u32> {
    let version = env.catalog.procedure(procedure_id)?.version;
    repo.accept_content(id, procedure_id, version, role, now, env.today)?;
    Ok(version)
}

/// Starts a situation (何がありましたか) with its answers: the procedures of its plan that ask
/// them start now; returns what was stored.
pub fn start_situation(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    situation_id: &str,
    answers: &[(String, String)],
    role: Role,
    now: Timestamp,
) -> Result<SituationStart> {
    repo.start_situation(id, role, now, env.today, &|case| {
        checklist::plan_situation(env, case, situation_id, answers, now)
    })
}

/// Stores the confirmation of a dangerous choice (who and when); a step's milestone needs it.
#[allow(clippy::too_many_arguments)]
pub fn confirm(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    procedure_id: &str,
    danger_id: &str,
    terminal: Option<&str>,
    role: Role,
    now: Timestamp,
) -> Result<Confirmation> {
    repo.confirm(id, now, &|case| {
        checklist::plan_confirm(env, case, procedure_id, danger_id, terminal, role, now)
    })
}

/// Switches the clinic to its 承継 code once the 承継 is complete (the old code is kept in its
/// history); the certificate steps then reopen under the new code.
pub fn switch_code(
    repo: &mut dyn Repository,
    env: &Env<'_>,
    id: &ClinicId,
    role: Role,
    now: Timestamp,
) -> Result<Clinic> {
    repo.switch_code(id, role, now, env.today, &|case| {
        checklist::plan_switch(env, case)
    })
}

/// Adds, renames or retires a terminal of the clinic (端末台帳), on `today`, checked against
/// the register as stored at the moment of the write.
pub fn change_terminal(
    repo: &mut dyn Repository,
    id: &ClinicId,
    request: &TerminalRequest,
    today: Date,
    role: Role,
    now: Timestamp,
) -> Result<TerminalChange> {
    let at = now.to_string();
    repo.change_terminal(id, &|case| {
        Register::of(case).plan(request, today, role, &at)
    })
}
