//! Precision and recall on the labelled evaluation set (fixtures/eval/), per category.

use woolak::detect::Engine;
use woolak::eval::evaluate_dir;

use crate::util::root;

#[test]
fn evaluation_set_meets_the_targets() {
    let report = evaluate_dir(&Engine::with_defaults(), &root().join("fixtures/eval")).unwrap();
    println!("{}", report.table());
    let total = report.total();
    assert!(total.gold >= 400, "the set must stay large: {}", total.gold);
    // Issue #2 targets: recall >= 0.97, precision >= 0.90 (precision is held higher: it was
    // 0.985 when the floor was set).
    assert!(total.recall() >= 0.97, "recall {:.3}", total.recall());
    assert!(
        total.precision() >= 0.95,
        "precision {:.3}",
        total.precision()
    );
    for (cat, c) in &report.per_category {
        if cat.as_str() != "person_name" {
            assert!(
                c.recall() >= 0.9,
                "{} recall {:.3}",
                cat.as_str(),
                c.recall()
            );
        }
        assert!(
            c.precision() >= 0.9,
            "{} precision {:.3}",
            cat.as_str(),
            c.precision()
        );
    }
}

/// The second set (fixtures/holdout/), written apart from the detectors. Its first
/// measurement (recall 0.775, precision 0.916) showed where the rules were fitted to the
/// development set; misses were then studied by kind, so it is no longer blind. Floors stop
/// regressions.
#[test]
fn holdout_set_stays_above_its_floor() {
    let report = evaluate_dir(&Engine::with_defaults(), &root().join("fixtures/holdout")).unwrap();
    println!("{}", report.table());
    let total = report.total();
    assert!(total.gold >= 600, "{}", total.gold);
    assert!(total.recall() >= 0.88, "recall {:.3}", total.recall());
    assert!(
        total.precision() >= 0.92,
        "precision {:.3}",
        total.precision()
    );
}
