//! Which datasets an award needs: inferred from what its rules read.

use crate::compile::CompiledPack;

pub(crate) use crate::compile::reads;

/// The datasets an award needs: its own, its members' when its rules read
/// `thanh_vien`, its collectives' when they read `tap_the`, the history of
/// its subjects when they read `lich_su`.
pub fn datasets_for<'a>(cp: &'a CompiledPack, award: &'a crate::pack::Award) -> Vec<&'a str> {
    let mut needed: Vec<&str> = vec![award.dataset_id.as_str()];
    let ds = cp.pack.datasets.get(&award.dataset_id);
    if let Some(m) = ds.and_then(|d| d.members.as_ref()).filter(|_| reads(cp, award, "thanh_vien", 0)) {
        needed.push(m.dataset.as_str());
        // The members' own awards may read their histories.
        for b in cp.pack.awards.iter().filter(|b| b.dataset_id == m.dataset) {
            needed.extend(histories_read(cp, b, &m.dataset));
        }
    }
    if reads(cp, award, crate::script::collective::VAR, 0) {
        needed.extend(cp.pack.collectives_of(&award.dataset_id).map(|c| c.id.as_str()));
    }
    needed.extend(histories_read(cp, award, &award.dataset_id));
    needed.sort();
    needed.dedup();
    needed
}

/// The histories of `dataset` that `award` (or one it requires) reads, each
/// by its own name.
pub(crate) fn histories_read<'a>(cp: &'a CompiledPack, award: &crate::pack::Award, dataset: &'a str) -> Vec<&'a str> {
    cp.pack
        .histories_of(dataset)
        .filter(|h| h.history.as_ref().is_some_and(|s| reads(cp, award, s.var(), 0)))
        .map(|h| h.id.as_str())
        .collect()
}
