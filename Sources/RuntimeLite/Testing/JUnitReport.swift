import Foundation

/// Writes test outcomes as JUnit XML (testsuites → testsuite per suite → testcase, with failure elements), the format
/// CI systems read.
public enum JUnitReport {
    /// The XML document for `outcomes`.
    public static func xml(_ outcomes: [TestOutcome], name: String) -> String {
        var suites: [(String, [TestOutcome])] = []
        for outcome in outcomes {
            if let index = suites.firstIndex(where: { $0.0 == outcome.test.suite }) {
                suites[index].1.append(outcome)
            } else {
                suites.append((outcome.test.suite, [outcome]))
            }
        }
        let failures = outcomes.filter { !$0.passed }.count
        let total = outcomes.reduce(0) { $0 + $1.seconds }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="\#(escape(name))" tests="\#(outcomes.count)" failures="\#(failures)" errors="0" time="\#(seconds(total))">"#,
        ]
        for (suite, members) in suites {
            let suiteFailures = members.filter { !$0.passed }.count
            let suiteTime = members.reduce(0) { $0 + $1.seconds }
            lines.append(#"  <testsuite name="\#(escape(suite))" tests="\#(members.count)" failures="\#(suiteFailures)" errors="0" skipped="0" time="\#(seconds(suiteTime))">"#)
            for outcome in members {
                let open = #"    <testcase classname="\#(escape(suite))" name="\#(escape(outcome.test.name))" time="\#(seconds(outcome.seconds))""#
                if outcome.passed {
                    lines.append(open + "/>")
                } else {
                    lines.append(open + ">")
                    let message = outcome.failures.first ?? "failed"
                    let details = (outcome.failures + ["", "log:"] + outcome.log).joined(separator: "\n")
                    lines.append(#"      <failure message="\#(escape(message))" type="AssertionFailure">\#(escape(details))</failure>"#)
                    lines.append("    </testcase>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
