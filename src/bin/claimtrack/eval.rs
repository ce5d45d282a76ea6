//! `claimtrack eval`: the corpus grouped and scored against a gold
//! grouping (pair precision, recall, F1), as text or JSON.

use crate::Outcome;
use crate::args::{EvalArgs, EvalFormat, Global};
use crate::output::{say, write_plain_stdout, write_stdout};

pub(crate) fn run(args: EvalArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let gold_path = args.gold.unwrap_or_else(|| root.join("gold.tsv"));
    let gold = claimtrack::eval::read_gold_file(&gold_path)?;
    let loaded = claimtrack::load::load(root, &global.limits())?;
    let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
    let ev = claimtrack::eval::evaluate(&loaded.annotations, &loaded.aliases, &gold, args.sample);
    match args.format {
        EvalFormat::Json => write_plain_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &ev)?;
            out.write_all(b"\n")
        })?,
        // Plain text naming claims from the corpus: made printable whole.
        EvalFormat::Text => write_stdout(&claimtrack::text::printable(
            &claimtrack::eval::render_text(&ev),
        ))?,
    }
    if errors > 0 {
        say!(
            anstream::stderr(),
            "claimtrack: {errors} errors in the corpus (run `check`); their claims were left out"
        );
        return Ok(Outcome::Errors);
    }
    Ok(Outcome::Clean)
}
