//! How `woolak check` reports: lines for people, JSON, and JUnit XML for CI systems (one
//! test case per document, failed by its errors).

use super::{FileReport, Severity};

/// One line per finding: `file:page: error [check] message`, and a last line with counts.
pub fn human(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for i in &r.issues {
            let at = i.page.map_or_else(String::new, |p| format!(" page {p}"));
            let sev = match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "{}{at}: {sev} [{}] {}\n",
                r.file, i.check, i.message
            ));
        }
    }
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(|r| r.issues.len() - r.errors()).sum();
    let failed = reports.iter().filter(|r| r.errors() > 0).count();
    out.push_str(&format!(
        "{} file(s) checked, {failed} with errors: {errors} error(s), {warnings} warning(s)\n",
        reports.len()
    ));
    out
}

/// A JSON array of the files with their findings.
pub fn json(reports: &[FileReport]) -> String {
    serde_json::to_string_pretty(reports).expect("reports serialise") + "\n"
}

/// `s` as XML text (the escaper of the DiWoo metadata).
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::publish::diwoo::escape_into(&mut out, s);
    out
}

/// JUnit XML: one `<testcase>` per file, with a `<failure>` listing its errors; warnings go
/// to `<system-out>`.
pub fn junit(reports: &[FileReport]) -> String {
    let failures = reports.iter().filter(|r| r.errors() > 0).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"woolak check\" tests=\"{}\" failures=\"{failures}\">\n",
        reports.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"woolak check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        reports.len()
    ));
    for r in reports {
        let name = xml_escape(&r.file);
        out.push_str(&format!(
            "    <testcase classname=\"woolak.check\" name=\"{name}\">\n"
        ));
        let line = |i: &super::Issue| {
            let at = i.page.map_or_else(String::new, |p| format!("page {p}: "));
            format!("{at}[{}] {}", i.check, i.message)
        };
        let errors: Vec<String> = r
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(line)
            .collect();
        if !errors.is_empty() {
            let checks: std::collections::BTreeSet<&str> = r
                .issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .map(|i| i.check)
                .collect();
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                xml_escape(&format!("{} error(s)", errors.len())),
                xml_escape(&checks.into_iter().collect::<Vec<_>>().join(",")),
                xml_escape(&errors.join("\n"))
            ));
        }
        let warnings: Vec<String> = r
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .map(line)
            .collect();
        if !warnings.is_empty() {
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml_escape(&warnings.join("\n"))
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Issue, Severity};
    use super::*;

    fn reports() -> Vec<FileReport> {
        vec![
            FileReport {
                file: "PUB/documenten/A&1.pdf".into(),
                codes: None,
                issues: vec![
                    Issue {
                        check: "personal-data",
                        severity: Severity::Error,
                        page: Some(2),
                        message: "person_name \"J***** B*****\" <here>".into(),
                    },
                    Issue {
                        check: "metadata-present",
                        severity: Severity::Warning,
                        page: None,
                        message: "Title kept".into(),
                    },
                ],
            },
            FileReport {
                file: "PUB/documenten/2.pdf".into(),
                codes: None,
                issues: vec![],
            },
        ]
    }

    #[test]
    fn junit_has_one_case_per_file_and_fails_on_errors() {
        let x = junit(&reports());
        assert_eq!(x.matches("<testcase ").count(), 2);
        assert_eq!(x.matches("<failure ").count(), 1);
        assert!(x.contains("name=\"PUB/documenten/A&amp;1.pdf\""));
        assert!(x.contains("&lt;here&gt;"));
        assert!(x.contains("<system-out>[metadata-present] Title kept</system-out>"));
        assert!(x.contains("tests=\"2\" failures=\"1\""));
    }

    #[test]
    fn human_lines_and_counts() {
        let h = human(&reports());
        assert!(h.contains("PUB/documenten/A&1.pdf page 2: error [personal-data]"));
        assert!(h.ends_with("2 file(s) checked, 1 with errors: 1 error(s), 1 warning(s)\n"));
    }
}
