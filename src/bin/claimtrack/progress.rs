//! The progress bar on stderr while annotation files are read (`report`
//! and `check`): apart because when it may be drawn is its own question.

use claimtrack::load::Progress;

/// A progress bar on stderr while annotation files are read, shown only for
/// long runs (2,000 files or more) when stderr is a terminal and not in CI,
/// so it never mixes with piped output or CI logs.
pub(crate) struct ProgressBar(indicatif::ProgressBar, bool);

impl ProgressBar {
    pub(crate) fn new() -> Self {
        use std::io::IsTerminal;
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        ProgressBar(
            if wanted {
                indicatif::ProgressBar::no_length()
            } else {
                indicatif::ProgressBar::hidden()
            },
            wanted,
        )
    }

    pub(crate) fn update(&self, p: Progress) {
        match p {
            Progress::Total(n) if n >= 2_000 && self.1 => {
                self.0
                    .set_draw_target(indicatif::ProgressDrawTarget::stderr());
                self.0.set_style(
                    indicatif::ProgressStyle::with_template(
                        "reading annotation files {pos}/{len} {wide_bar} {eta}",
                    )
                    .expect("a valid template"),
                );
                self.0.set_length(n as u64);
            }
            Progress::Total(_) => self
                .0
                .set_draw_target(indicatif::ProgressDrawTarget::hidden()),
            Progress::FileDone => self.0.inc(1),
            Progress::Embedding { done, total } => self.embedding(done, total),
        }
    }

    /// Claim texts embedded with the model: shown from 500 texts (about
    /// five seconds), the bar restyled when embedding starts.
    pub(crate) fn embedding(&self, done: usize, total: usize) {
        if total < 500 || !self.1 {
            return;
        }
        if done == 0 {
            self.0
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.0.set_style(
                indicatif::ProgressStyle::with_template(
                    "embedding claim texts {pos}/{len} {wide_bar} {eta}",
                )
                .expect("a valid template"),
            );
            self.0.set_length(total as u64);
            self.0.set_position(0);
        } else {
            self.0.set_position(done as u64);
        }
    }

    pub(crate) fn done(&self) {
        self.0.finish_and_clear();
    }
}
