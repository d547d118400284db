import ArgumentParser
import Foundation
import HandbookBuild
import HandbookRender

/// How diagnostics are printed: for people, for GitHub Actions, or for other programs.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    /// `Content/x.md:3:5: error: message` and an indented hint, on standard error.
    case text
    /// GitHub Actions workflow commands (`::error file=...,line=3,col=5,title=check::message`),
    /// on standard output, so the runner annotates the lines of the pull request.
    case github
    /// One JSON array of objects (file, line, column, severity, check, message, hint), on
    /// standard output.
    case json
    /// GitLab's code quality report (the Code Climate format), on standard output, for
    /// `artifacts: reports: codequality:`.
    case gitlab

    /// Prints the diagnostics in this format.
    func write(_ diagnostics: [Diagnostic]) {
        switch self {
        case .text:
            let text = diagnostics.map { $0.description + "\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
        case .github:
            print(diagnostics.map(Self.workflowCommand).joined(separator: "\n"), terminator: diagnostics.isEmpty ? "" : "\n")
        case .json:
            print(Self.json(diagnostics))
        case .gitlab:
            print(Self.codeQuality(diagnostics))
        }
    }

    /// GitLab's code quality JSON: description, check name, a fingerprint stable across runs,
    /// severity (`major` for errors, `minor` for warnings) and the location.
    static func codeQuality(_ diagnostics: [Diagnostic]) -> String {
        let objects: [[String: Any]] = diagnostics.map { diagnostic in
            var hash = StableHash()
            hash.add(diagnostic.location.file)
            hash.add(diagnostic.location.line)
            hash.add(diagnostic.check ?? "")
            hash.add(diagnostic.message)
            var description = diagnostic.message
            if let hint = diagnostic.hint { description += " (\(hint))" }
            return [
                "description": description, "check_name": diagnostic.check ?? "handbook",
                "fingerprint": String(hash.value, radix: 16), "severity": diagnostic.severity == .error ? "major" : "minor",
                "location": ["path": diagnostic.location.file, "lines": ["begin": diagnostic.location.line]],
            ]
        }
        let data = try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// One workflow command; the message carries the hint on a second line.
    static func workflowCommand(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        var properties = ["file=\(escapeProperty(location.file))", "line=\(location.line)", "col=\(location.column)"]
        properties.append("title=\(escapeProperty(diagnostic.check ?? "handbook"))")
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
        return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// GitHub's escaping of a command's message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub's escaping of a command's property value.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// A JSON array with one object per diagnostic, keys sorted, byte-stable.
    static func json(_ diagnostics: [Diagnostic]) -> String {
        let objects: [[String: Any]] = diagnostics.map { diagnostic in
            [
                "file": diagnostic.location.file, "line": diagnostic.location.line, "column": diagnostic.location.column,
                "severity": diagnostic.severity.rawValue, "check": diagnostic.check ?? NSNull(),
                "message": diagnostic.message, "hint": diagnostic.hint ?? NSNull(),
            ]
        }
        let data = try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
