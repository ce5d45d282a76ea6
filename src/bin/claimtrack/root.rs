//! Where the corpus is. Like git, a command run anywhere in a corpus finds
//! its root upwards from --root; ARTICLE paths, given relative to where the
//! user stands, are rebased onto it. Apart from `args.rs` because it reads
//! the file system, and from the commands because they all start from it.

use crate::args::{Cli, Command};

/// Sets `cli.global.root` to the corpus root found from --root upwards,
/// and rebases the ARTICLE paths of `add` and `new` onto it. `import` makes
/// a corpus rather than reading one: its paths stay relative to --root.
pub(crate) fn find_corpus_root(cli: &mut Cli) -> anyhow::Result<()> {
    if matches!(cli.command, Command::Import { .. }) {
        return Ok(());
    }
    let start = cli.global.root.clone();
    let root = claimtrack::corpus::find_root(&start)?;
    let rebase = |given: &mut String| *given = claimtrack::corpus::from_start(&start, &root, given);
    match &mut cli.command {
        Command::Add(args) => rebase(&mut args.article),
        Command::New(args) => args.articles.iter_mut().for_each(rebase),
        _ => {}
    }
    cli.global.root = root;
    Ok(())
}
