/// A CODEOWNERS file: who owns each path of the repository, as GitHub reads it.
///
/// Each line is a pattern and its owners; the last line whose pattern matches a path decides,
/// and a matching line without owners leaves the path unowned. Patterns follow gitignore: `*`
/// and `?` stay within one folder, `**` crosses folders, a leading `/` (or any `/` before the
/// end) anchors the pattern at the repository's root, a pattern without one matches at any
/// depth, a trailing `/` matches only folders, and a pattern that names a folder covers
/// everything below it, except `folder/*`, which GitHub documents as the folder's own files only.
struct CodeOwners: Sendable {
    /// The places GitHub looks for the file, in its order.
    static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    /// One line of the file.
    struct Rule: Sendable {
        var pattern: String
        var owners: [String]
        var line: Int
        /// Pattern parts between slashes; `**` parts match any number of folders.
        fileprivate var parts: [Substring]
        /// Ends with `/`: matches folders (and so what is in them), not files of that name.
        fileprivate var foldersOnly: Bool
        /// Ends with `/*`: the files directly in a folder, not those further down.
        fileprivate var ownFilesOnly: Bool
    }

    var rules: [Rule] = []

    /// Parses the file; lines GitHub would reject are reported, at their line, and skipped.
    static func parse(_ text: String, file: String) -> (CodeOwners, [Diagnostic]) {
        var owners = CodeOwners()
        var problems: [Diagnostic] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            if let comment = commentStart(line) { line = line[..<comment] }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first else { continue }
            var pattern = String(first)
            if pattern.hasPrefix("\\#") { pattern.removeFirst() }
            let location = SourceLocation(file: file, line: index + 1, column: 1)
            if pattern.hasPrefix("!") || pattern.contains("[") {
                problems.append(
                    .warning(
                        location, "CODEOWNERS pattern '\(pattern)' uses syntax GitHub does not support; the line is ignored",
                        hint: "GitHub's CODEOWNERS has no `!` negation and no `[...]` ranges: list the paths instead",
                        check: .codeOwners))
                continue
            }
            owners.rules.append(rule(pattern, owners: words.dropFirst().map(String.init), line: index + 1))
        }
        return (owners, problems)
    }

    /// The owners of a path from the repository's root (`Content/roles/tpm.md`): nil when no
    /// line matches, empty when the last matching line names nobody.
    func owners(of path: String) -> [String]? {
        let segments = path.split(separator: "/")
        for rule in rules.reversed() where Self.matches(rule, segments) { return rule.owners }
        return nil
    }

    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in line.indices {
            // `#` starts a comment at the start of a line or after a space; `\#` is a literal.
            if line[index] == "#", previous == " " || previous == "\t" { return index }
            previous = line[index]
        }
        return nil
    }

    private static func rule(_ pattern: String, owners: [String], line: Int) -> Rule {
        var text = Substring(pattern)
        let foldersOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text = text.dropLast() }
        let anchored = text.contains("/")
        while text.hasPrefix("/") { text = text.dropFirst() }
        var parts = text.split(separator: "/", omittingEmptySubsequences: true)
        if !anchored { parts.insert("**", at: 0) }
        return Rule(
            pattern: pattern, owners: owners, line: line, parts: parts, foldersOnly: foldersOnly,
            ownFilesOnly: !foldersOnly && parts.count > 1 && parts.last == "*")
    }

    private static func matches(_ rule: Rule, _ path: [Substring]) -> Bool {
        if !rule.foldersOnly, match(rule.parts[...], path[...]) { return true }
        guard !rule.ownFilesOnly, path.count > 1 else { return false }
        // A folder of the path that the pattern names covers the path.
        for length in 1..<path.count where match(rule.parts[...], path[..<length]) { return true }
        return false
    }

    /// Whether pattern parts match path parts entirely; `**` matches zero or more parts.
    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let part = path.first, glob(Array(first.unicodeScalars)[...], Array(part.unicodeScalars)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// Whether one path part matches one pattern part: `*` any run, `?` one character, `\x` x.
    private static func glob(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            let rest = pattern.dropFirst()
            var tail = text
            while true {
                if glob(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        case "?":
            return !text.isEmpty && glob(pattern.dropFirst(), text.dropFirst())
        case "\\" where pattern.count > 1:
            let literal = pattern[pattern.index(after: pattern.startIndex)]
            return text.first == literal && glob(pattern.dropFirst(2), text.dropFirst())
        default:
            return text.first == first && glob(pattern.dropFirst(), text.dropFirst())
        }
    }
}
