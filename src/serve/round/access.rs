//! Who may do what in a round, decided from the account alone, on the
//! server, for every route. One function per question; the routes ask
//! them and nothing else decides.
//!
//! Stage owners: the first stage is the unit's own (tự chấm), the last the
//! council's (thẩm định), any between the cluster head's (cụm chấm). A
//! round of one stage is the unit's, reviewed by the council. The reviewer
//! of a stage is the owner of the next; a stage's owner sees its earlier
//! stages, never later ones still being worked on.

use crate::store::accounts::{Account, Role};
use crate::store::rounds::Unit;

/// Who fills stage `k` of `n`.
pub fn owner(k: usize, n: usize) -> Role {
    if k == 0 {
        Role::Unit
    } else if k + 1 == n {
        Role::Council
    } else {
        Role::ClusterHead
    }
}

/// Who accepts or returns stage `k` of `n`: the next stage's owner; the
/// council for a round of one stage; nobody for the council's own last.
pub fn reviewer(k: usize, n: usize) -> Option<Role> {
    if k + 1 < n {
        Some(owner(k + 1, n))
    } else if n == 1 {
        Some(Role::Council)
    } else {
        None
    }
}

/// Whether the account's work covers this unit at all.
pub fn sees_unit(a: &Account, u: &Unit) -> bool {
    match a.role {
        Role::Council | Role::Auditor => true,
        Role::ClusterHead => a.scope.as_deref() == Some(u.cluster.as_str()),
        Role::Unit => a.scope.as_deref() == Some(u.key.as_str()),
    }
}

/// Whether the account may read the unit's sheet at stage `k` of `n`.
pub fn sees_sheet(a: &Account, u: &Unit, k: usize, n: usize) -> bool {
    if !sees_unit(a, u) {
        return false;
    }
    match a.role {
        Role::Council | Role::Auditor => true,
        // Its own stages and the ones it reviews.
        Role::ClusterHead | Role::Unit => (0..n).filter(|&j| owner(j, n) == a.role).any(|j| k <= j),
    }
}

/// Whether the account fills the unit's sheet at stage `k`.
pub fn edits(a: &Account, u: &Unit, k: usize, n: usize) -> bool {
    sees_unit(a, u) && owner(k, n) == a.role
}

/// Whether the account accepts or returns the unit's sheet at stage `k`.
pub fn reviews(a: &Account, u: &Unit, k: usize, n: usize) -> bool {
    sees_unit(a, u) && reviewer(k, n) == Some(a.role)
}

/// Opening rounds, moving deadlines, making accounts, entering votes.
pub fn manages(a: &Account) -> bool {
    a.role == Role::Council
}

/// Whose results the account reads: `Some(None)` the whole round's,
/// `Some(Some(cluster))` one cluster's (its head), `None` none.
pub fn results_of(a: &Account) -> Option<Option<&str>> {
    match a.role {
        Role::Council | Role::Auditor => Some(None),
        Role::ClusterHead => a.scope.as_deref().map(Some),
        Role::Unit => None,
    }
}

/// The whole round's history and export.
pub fn audits(a: &Account) -> bool {
    matches!(a.role, Role::Council | Role::Auditor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acct(role: Role, scope: Option<&str>) -> Account {
        Account { id: 1, name: "x".into(), display: "x".into(), role, scope: scope.map(Into::into) }
    }

    fn unit(key: &str, cluster: &str) -> Unit {
        Unit { key: key.into(), name: key.into(), cluster: cluster.into(), fixed: Default::default() }
    }

    #[test]
    fn three_stages_belong_to_unit_cluster_head_and_council() {
        assert_eq!([owner(0, 3), owner(1, 3), owner(2, 3)], [Role::Unit, Role::ClusterHead, Role::Council]);
        assert_eq!(
            [reviewer(0, 3), reviewer(1, 3), reviewer(2, 3)],
            [Some(Role::ClusterHead), Some(Role::Council), None]
        );
        assert_eq!((owner(0, 1), reviewer(0, 1)), (Role::Unit, Some(Role::Council)));
        assert_eq!((owner(1, 2), reviewer(0, 2)), (Role::Council, Some(Role::Council)));
    }

    #[test]
    fn each_account_reaches_only_its_own() {
        let (x1, x2) = (unit("X01", "VI"), unit("X09", "VII"));
        let me = acct(Role::Unit, Some("X01"));
        assert!(edits(&me, &x1, 0, 3) && !edits(&me, &x2, 0, 3) && !edits(&me, &x1, 1, 3));
        assert!(sees_sheet(&me, &x1, 0, 3) && !sees_sheet(&me, &x1, 1, 3) && !sees_sheet(&me, &x2, 0, 3));
        let head = acct(Role::ClusterHead, Some("VI"));
        assert!(reviews(&head, &x1, 0, 3) && edits(&head, &x1, 1, 3) && !edits(&head, &x1, 2, 3));
        assert!(!sees_unit(&head, &x2) && !sees_sheet(&head, &x1, 2, 3));
        let auditor = acct(Role::Auditor, None);
        assert!(sees_sheet(&auditor, &x2, 2, 3) && !edits(&auditor, &x2, 0, 3) && !reviews(&auditor, &x2, 1, 3));
        assert!(!manages(&auditor) && audits(&auditor) && !audits(&head));
        assert_eq!((results_of(&head), results_of(&auditor), results_of(&me)), (Some(Some("VI")), Some(None), None));
    }
}
