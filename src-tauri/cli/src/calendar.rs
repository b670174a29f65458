//! `onshi calendar …`: business days (営業日) and holidays (祝日・休日). No data folder needed.

use clap::Subcommand;
use onshi_core::calendar::Calendar;

use crate::{CliError, parse_date, print_json};

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// N営業日後の日付 (N=0: その日が営業日ならその日、違えば次の営業日) / the date N business days later
    AddBusinessDays {
        /// 起算日 YYYY-MM-DD / start date
        date: String,
        /// 営業日数 (0以上) / number of business days (≥ 0)
        n: u32,
    },
    /// 営業日なら true / prints true for a business day
    IsBusinessDay {
        /// YYYY-MM-DD
        date: String,
    },
    /// その年の祝日・休日を JSON で / the year's holidays as JSON
    Holidays {
        /// 年 / year (1955–2099)
        year: i16,
    },
}

pub fn run(cmd: &CalendarCommand) -> Result<(), CliError> {
    let cal = Calendar::embedded();
    match cmd {
        CalendarCommand::AddBusinessDays { date, n } => {
            println!("{}", cal.add_business_days(parse_date(date)?, *n)?);
        }
        CalendarCommand::IsBusinessDay { date } => {
            println!("{}", cal.is_business_day(parse_date(date)?)?);
        }
        CalendarCommand::Holidays { year } => print_json(&cal.holidays_in(*year)?),
    }
    Ok(())
}
