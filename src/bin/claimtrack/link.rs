//! `claimtrack link` and `claimtrack unlink`: set the claims' topics, then
//! say which files changed and the topics. A refusal is printed as one
//! error line; a usage or I/O error ends the command.

use claimtrack::edit::{Setting, TopicError};

use crate::Outcome;
use crate::args::Global;
use crate::output::{failure, say};

pub(crate) fn run(refs: &[String], global: &Global, unlink: bool) -> anyhow::Result<Outcome> {
    let limits = global.limits();
    let done = if unlink {
        claimtrack::edit::unlink(&global.root, refs, &limits)
    } else {
        claimtrack::edit::link(&global.root, refs, &limits)
    };
    let settings = match done {
        Ok(settings) => settings,
        Err(e) if e.exit_status() == 1 => {
            refused(&e);
            return Ok(Outcome::Errors);
        }
        Err(e) => anyhow::bail!(e),
    };
    tell(&settings, unlink);
    Ok(Outcome::Clean)
}

fn refused(e: &TopicError) {
    match e {
        TopicError::File(claimtrack::edit::AddError::Refused(problem)) => failure(
            Some(problem.code),
            format_args!("{}: {}", problem.file, problem.message),
        ),
        _ => failure(None, e),
    }
}

/// Each changed claim with its file and topic; then the topic `link` gave,
/// or that `unlink` had nothing to do.
fn tell(settings: &[Setting], unlink: bool) {
    let mut err = anstream::stderr();
    let shown = |t: &Option<String>| t.as_deref().map_or("none".to_owned(), |t| format!("`{t}`"));
    for s in settings.iter().filter(|s| s.changed()) {
        say!(
            err,
            "changed {}: claim {} topic {} (was {})",
            s.path,
            s.reference,
            shown(&s.topic),
            shown(&s.was)
        );
    }
    if unlink {
        if settings.iter().all(|s| !s.changed()) {
            let topics: Vec<String> = settings
                .iter()
                .map(|s| format!("{} has topic {}", s.reference, shown(&s.topic)))
                .collect();
            say!(
                err,
                "nothing to do: their topics differ already ({}), so they never group together",
                topics.join(", ")
            );
        }
    } else if let Some(s) = settings.first() {
        let n = settings.iter().filter(|s| s.changed()).count();
        say!(
            err,
            "linked {} claims under topic {} ({n} changed)",
            settings.len(),
            shown(&s.topic)
        );
    }
}
