//! What each person in a group said over time: reversals judged against
//! their last firm stance, a verdict per person, and conflicts between
//! people, then and now.
//!
//! Each person's claims are taken in the group's order (by date). A firm
//! stance (supports or refutes) opposite to their last firm one is a `full`
//! reversal from the claim that held it, whatever unsure claims came
//! between (its `via`); a firm stance followed by unsure is `partial`
//! (walking back). Unsure then firm with no earlier firm stance is firming
//! up, and the same firm stance again is consistency: neither is a
//! reversal.
//!
//! Claims of one person on one date are one statement. When they hold both
//! firm stances (a quote that hedges within itself), none of them reverses
//! another, and the day counts as unsure: after an earlier firm stance it
//! is a partial reversal, and it is a `via` of a later full one.

use crate::speakers::PersonId;
use serde::{Deserialize, Serialize};

use crate::model::Stance;
use crate::reconcile::Member;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReversalKind {
    /// supports -> refutes, or refutes -> supports (unsure between or not)
    Full,
    /// supports or refutes -> unsure: walking back
    Partial,
}

impl ReversalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReversalKind::Full => "full",
            ReversalKind::Partial => "partial",
        }
    }
}

/// A person's change of stance in a group (indices into the group's
/// members): `from` held their last firm stance, `to` departs from it,
/// `via` are the unsure claims between (full reversals only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversal {
    pub person: PersonId,
    pub from: usize,
    pub to: usize,
    pub kind: ReversalKind,
    pub via: Vec<usize>,
}

/// A person's record on one group, in the spirit of PolitiFact's
/// Flip-O-Meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verdict {
    /// Their firm stances agree (or they never took one).
    NoFlip,
    /// They walked back to unsure and stayed there.
    HalfFlip,
    /// Their latest firm stance contradicts an earlier one.
    FullFlop,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoFlip => "no flip",
            Verdict::HalfFlip => "half flip",
            Verdict::FullFlop => "full flop",
        }
    }
}

/// One person's record in a group: their first and latest claims (indices
/// into the members) and verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub person: PersonId,
    pub first: usize,
    pub latest: usize,
    /// The member that holds their latest firm stance, if any.
    pub latest_firm: Option<usize>,
    pub verdict: Verdict,
}

/// Two people who held opposite firm stances in a group (`a` spoke first);
/// `now` when their latest firm stances still disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub a: PersonId,
    pub b: PersonId,
    pub now: bool,
}

/// Everything judged about the people of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stances {
    /// In the order of the claims they lead to.
    pub reversals: Vec<Reversal>,
    /// One per person, in the order they first spoke.
    pub positions: Vec<Position>,
    /// Pairs of people in conflict at any time, in the order they met.
    pub conflicts: Vec<Conflict>,
}

impl Stances {
    /// Whether two people ever held opposite firm stances.
    pub fn conflict(&self) -> bool {
        !self.conflicts.is_empty()
    }

    /// Whether the latest firm stances of two people disagree.
    pub fn conflict_now(&self) -> bool {
        self.conflicts.iter().any(|c| c.now)
    }
}

/// Judges the members of a group (in the group's order).
pub fn judge(members: &[Member]) -> Stances {
    let mut people: Vec<PersonId> = Vec::new();
    for m in members {
        if !people.contains(&m.person) {
            people.push(m.person);
        }
    }
    let mut reversals = Vec::new();
    let mut positions = Vec::with_capacity(people.len());
    for &person in &people {
        let mine: Vec<usize> = (0..members.len())
            .filter(|&i| members[i].person == person)
            .collect();
        let walk = walk_person(members, &mine);
        reversals.extend(walk.reversals);
        positions.push(Position {
            person,
            first: mine[0],
            latest: *mine.last().expect("a person has claims"),
            latest_firm: walk.last_firm,
            verdict: walk.verdict,
        });
    }
    reversals.sort_by_key(|r| (r.to, r.from));
    let conflicts = conflicts(members, &positions);
    Stances {
        reversals,
        positions,
        conflicts,
    }
}

/// What walking one person's claims gives.
struct Walk {
    reversals: Vec<Reversal>,
    last_firm: Option<usize>,
    verdict: Verdict,
}

/// A person's claims (`mine`, member indices in order), walked day by day.
fn walk_person(members: &[Member], mine: &[usize]) -> Walk {
    let mut reversals = Vec::new();
    let mut last_firm: Option<usize> = None;
    // Unsure claims (or hedging days) since the last firm stance.
    let mut since_firm: Vec<usize> = Vec::new();
    let mut flopped = false;
    let mut start = 0;
    while start < mine.len() {
        let day = members[mine[start]].date;
        let end = start
            + mine[start..]
                .iter()
                .take_while(|&&i| members[i].date == day)
                .count();
        let today = &mine[start..end];
        let hedges_within = today.iter().any(|&i| members[i].stance == Stance::Supports)
            && today.iter().any(|&i| members[i].stance == Stance::Refutes);
        for &i in today {
            let stance = members[i].stance;
            if hedges_within || stance == Stance::Unsure {
                if let Some(from) = last_firm
                    && since_firm.is_empty()
                {
                    reversals.push(Reversal {
                        person: members[i].person,
                        from,
                        to: i,
                        kind: ReversalKind::Partial,
                        via: Vec::new(),
                    });
                }
                since_firm.push(i);
                continue;
            }
            if let Some(from) = last_firm
                && members[from].stance != stance
            {
                reversals.push(Reversal {
                    person: members[i].person,
                    from,
                    to: i,
                    kind: ReversalKind::Full,
                    via: std::mem::take(&mut since_firm),
                });
                // Their latest firm stance now contradicts an earlier one,
                // and always will: a later one contradicts this one or that.
                flopped = true;
            }
            since_firm.clear();
            last_firm = Some(i);
        }
        start = end;
    }
    let verdict = if flopped {
        Verdict::FullFlop
    } else if last_firm.is_some() && !since_firm.is_empty() {
        Verdict::HalfFlip
    } else {
        Verdict::NoFlip
    };
    Walk {
        reversals,
        last_firm,
        verdict,
    }
}

/// Pairs of people who held opposite firm stances, at any time (one
/// supported, the other refuted, whenever each said it), and whether their
/// latest firm stances still disagree.
fn conflicts(members: &[Member], positions: &[Position]) -> Vec<Conflict> {
    let holds = |person: PersonId, stance: Stance| {
        members
            .iter()
            .any(|m| m.person == person && m.stance == stance)
    };
    let latest = |p: &Position| p.latest_firm.map(|i| members[i].stance);
    let mut out = Vec::new();
    for (x, a) in positions.iter().enumerate() {
        for b in &positions[x + 1..] {
            let ever = (holds(a.person, Stance::Supports) && holds(b.person, Stance::Refutes))
                || (holds(a.person, Stance::Refutes) && holds(b.person, Stance::Supports));
            if ever {
                out.push(Conflict {
                    a: a.person,
                    b: b.person,
                    now: matches!((latest(a), latest(b)), (Some(s), Some(t)) if s != t),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::reconcile::ClaimAt;
    use Stance::{Refutes, Supports, Unsure};

    /// Members of one group from (person, stance, day of 2024-03) in order.
    fn judged(claims: &[(usize, Stance, u32)]) -> Stances {
        let members: Vec<Member> = claims
            .iter()
            .enumerate()
            .map(|(i, &(person, stance, day))| Member {
                at: ClaimAt { file: 0, index: i },
                stance,
                person: PersonId::new(person as u32),
                date: PartialDate::from_ymd(2024, 3, day).unwrap(),
            })
            .collect();
        judge(&members)
    }

    /// (kind, from, to, via) of a reversal.
    type Seen = (&'static str, usize, usize, Vec<usize>);

    fn kinds(s: &Stances) -> Vec<Seen> {
        s.reversals
            .iter()
            .map(|r| (r.kind.as_str(), r.from, r.to, r.via.clone()))
            .collect()
    }

    #[test]
    fn promise_hedge_drop_is_a_partial_then_a_full_reversal_from_the_promise() {
        let s = judged(&[(0, Supports, 4), (0, Unsure, 20), (0, Refutes, 28)]);
        assert_eq!(
            kinds(&s),
            [("partial", 0, 1, vec![]), ("full", 0, 2, vec![1])]
        );
        assert_eq!(s.positions[0].verdict, Verdict::FullFlop);
    }

    #[test]
    fn reversals_are_judged_against_the_last_firm_stance() {
        let cases: Vec<(Vec<Stance>, Vec<Seen>, Verdict)> = vec![
            (
                vec![Supports, Refutes],
                vec![("full", 0, 1, vec![])],
                Verdict::FullFlop,
            ),
            (
                vec![Refutes, Supports],
                vec![("full", 0, 1, vec![])],
                Verdict::FullFlop,
            ),
            (
                vec![Supports, Unsure],
                vec![("partial", 0, 1, vec![])],
                Verdict::HalfFlip,
            ),
            (
                vec![Refutes, Unsure, Unsure],
                vec![("partial", 0, 1, vec![])],
                Verdict::HalfFlip,
            ),
            (vec![Unsure, Supports], vec![], Verdict::NoFlip),
            (vec![Unsure, Refutes, Refutes], vec![], Verdict::NoFlip),
            (vec![Supports, Supports], vec![], Verdict::NoFlip),
            (
                vec![Supports, Unsure, Supports],
                vec![("partial", 0, 1, vec![])],
                Verdict::NoFlip,
            ),
            (
                vec![Refutes, Unsure, Supports],
                vec![("partial", 0, 1, vec![]), ("full", 0, 2, vec![1])],
                Verdict::FullFlop,
            ),
            (
                vec![Supports, Unsure, Unsure, Refutes],
                vec![("partial", 0, 1, vec![]), ("full", 0, 3, vec![1, 2])],
                Verdict::FullFlop,
            ),
            (
                vec![Supports, Refutes, Supports],
                vec![("full", 0, 1, vec![]), ("full", 1, 2, vec![])],
                Verdict::FullFlop,
            ),
            (
                vec![Supports, Refutes, Unsure],
                vec![("full", 0, 1, vec![]), ("partial", 1, 2, vec![])],
                Verdict::FullFlop,
            ),
            (vec![Unsure], vec![], Verdict::NoFlip),
        ];
        for (stances, want, verdict) in cases {
            let claims: Vec<_> = stances
                .iter()
                .enumerate()
                .map(|(i, &s)| (0, s, i as u32 + 1))
                .collect();
            let s = judged(&claims);
            assert_eq!(kinds(&s), want, "{stances:?}");
            assert_eq!(s.positions[0].verdict, verdict, "{stances:?}");
            assert!(!s.conflict(), "one person is never a conflict");
        }
    }

    #[test]
    fn a_day_that_hedges_within_itself_reverses_nothing_and_counts_as_unsure() {
        // Both stances on one day, alone: no reversal.
        let s = judged(&[(0, Supports, 5), (0, Refutes, 5)]);
        assert_eq!(kinds(&s), []);
        // After a promise: the day walks it back, a later drop is a full
        // reversal from the promise via that day.
        let s = judged(&[
            (0, Supports, 1),
            (0, Supports, 5),
            (0, Refutes, 5),
            (0, Refutes, 9),
        ]);
        assert_eq!(
            kinds(&s),
            [("partial", 0, 1, vec![]), ("full", 0, 3, vec![1, 2])]
        );
        // A firm stance then unsure on one day is an ordinary walk back.
        let s = judged(&[(0, Supports, 5), (0, Unsure, 5)]);
        assert_eq!(kinds(&s), [("partial", 0, 1, vec![])]);
    }

    #[test]
    fn conflicts_then_and_now() {
        // Ritter yes in January; the outlet no in December, Ritter no too.
        let s = judged(&[(0, Supports, 1), (1, Refutes, 20), (0, Refutes, 21)]);
        assert!(s.conflict() && !s.conflict_now());
        assert_eq!(
            s.conflicts,
            [Conflict {
                a: PersonId::new(0),
                b: PersonId::new(1),
                now: false
            }]
        );
        // Still apart.
        let s = judged(&[(0, Supports, 1), (1, Refutes, 20), (2, Unsure, 21)]);
        assert!(s.conflict_now());
        assert_eq!(
            s.conflicts,
            [Conflict {
                a: PersonId::new(0),
                b: PersonId::new(1),
                now: true
            }]
        );
        // Someone unsure conflicts with no one.
        let s = judged(&[(0, Supports, 1), (1, Unsure, 2)]);
        assert!(!s.conflict());
    }

    #[test]
    fn positions_follow_first_speech_and_span_each_persons_claims() {
        let s = judged(&[(1, Supports, 1), (0, Unsure, 2), (1, Unsure, 3)]);
        let spans: Vec<_> = s
            .positions
            .iter()
            .map(|p| (p.person.index(), p.first, p.latest, p.verdict))
            .collect();
        assert_eq!(
            spans,
            [(1, 0, 2, Verdict::HalfFlip), (0, 1, 1, Verdict::NoFlip)]
        );
    }
}
