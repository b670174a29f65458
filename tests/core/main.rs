//! The core tier: pure Rust, no WebKit, seconds. Run with `cargo test` at the root.
//!
//! Where a new test goes:
//! - a rule about one field's format or check digit → `validation.rs`;
//! - the add-clinic form as a whole (which fields, which errors) → `clinic_form.rs`;
//! - anything about the database file (restart, corrupt, newer, migration) → `storage.rs`;
//! - postal data and lookups → `postal.rs`;
//! - the clinic profile form and address fill → `profile.rs`;
//! - holidays, business days, dates → `calendar.rs`;
//! - expected dates and deadlines (content rules) → `timeline.rs`;
//! - procedure content and the seed-coverage table → `content.rs`;
//! - where a clinic's procedures stand (statuses, waits, order, relock) → `checklist.rs`;
//! - situations, the wizard's gates, the home and the settings → `wizard.rs`;
//! - the technician's board (urgency, filters, search) → `board.rs`;
//! - terminals, their certificates and the expiry view → `terminals.rs`;
//! - the printed sheets (PDF text, fonts, pages) → `print.rs`;
//! - a rule about the shape of the code base itself → `architecture.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod backup;
mod board;
mod calendar;
mod checklist;
mod clinic_form;
mod content;
mod postal;
mod print;
mod profile;
mod quarantine;
mod storage;
mod strip;
mod support;
mod terminals;
mod timeline;
mod transfer;
mod validation;
mod wizard;
