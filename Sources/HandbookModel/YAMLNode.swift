import Foundation
import Yams

/// A YAML value with the file position of every node, so any diagnostic about front matter
/// or site.yml can name the file's real line and column.
public struct YAMLNode: Sendable {
    /// The shape of a node.
    public enum Kind: Sendable {
        /// A scalar with its text and whether it was written plain (unquoted).
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        /// Keys in the order written.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    /// What the node holds.
    public var kind: Kind
    /// Where the node starts in its file.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar's text, if this is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The items, if this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// Whether this is `null`, `~` or empty, written plain.
    public var isNull: Bool {
        if case .scalar(let text, plain: true) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// A plain `true`/`false` (YAML 1.2 core schema spellings).
    public var bool: Bool? {
        guard case .scalar(let text, plain: true) = kind else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A plain integer.
    public var int: Int? {
        guard case .scalar(let text, plain: true) = kind else { return nil }
        return Int(text.replacingOccurrences(of: "_", with: ""))
    }

    /// A plain number, integer or decimal.
    public var number: Double? {
        guard case .scalar(let text, plain: true) = kind, let first = text.first,
            first.isNumber || first == "-" || first == "+" || first == "."
        else { return nil }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }

    /// A short name for the kind of value, for "expected X, found Y" messages.
    public var kindName: String {
        switch kind {
        case .scalar(let text, let plain):
            if !plain { return "the string \"\(text)\"" }
            if isNull { return "an empty value" }
            if bool != nil { return "the boolean \(text)" }
            if number != nil { return "the number \(text)" }
            return "the string \"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The value for a key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar == key }?.value
    }
}

extension YAMLNode {
    /// Parses YAML text that starts at `firstLine` of `file`; nil for an empty document. Every
    /// problem it reports is check `yaml`.
    public static func parse(_ text: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> YAMLNode? {
        do throws(Diagnostic) {
            return try parseText(text, file: file, firstLine: firstLine)
        } catch {
            throw error.named(.yaml)
        }
    }

    private static func parseText(_ text: String, file: String, firstLine: Int) throws(Diagnostic) -> YAMLNode? {
        var text = SourceText.normalizingLoneCarriageReturns(text)
        // A byte order mark (Windows editors write one) is no part of the YAML; libyaml reads it
        // as a character and fails on the first line.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if let key = YAMLKeyCheck.firstRefusedKey(in: text) {
            throw .error(SourceLocation(file: file, line: key.line + firstLine - 1, column: key.column), key.message, hint: key.hint)
        }
        let node: Node?
        do {
            // Scalars stay untyped here (YAMLNode types them where a field's type is known), so
            // the basic resolver spares the regular expressions the default one runs on every
            // scalar, keys included. The default encoding reads the environment on every call.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw diagnostic(for: error, text: text, file: file, firstLine: firstLine).named(.yaml)
        } catch {
            throw .error(SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(error)", check: .yaml)
        }
        guard let node else { return nil }
        var converter = Converter(file: file, firstLine: firstLine, end: endOfText(text))
        return try converter.convert(node)
    }

    /// Turns Yams nodes into located nodes, checking what Yams lets through: aliases that
    /// expand without bound (a few lines of `*a` can stand for billions of values), merge keys
    /// (`<<: *base`), and control characters written as escapes in quoted strings.
    private struct Converter {
        let file: String
        let firstLine: Int
        /// Where the text ends: an empty value at the very end sits after libyaml's own closing
        /// line break, and is located at the end of the last line instead.
        let end: (line: Int, column: Int)
        /// Yams resolves an alias to its anchor's node itself, mark included (and has dropped
        /// the anchor's name by now): a node met again at the same mark is an alias. A mapping
        /// and its first key start at one mark, so the kind is part of the identity.
        var seen = Set<[Int]>()
        /// Nodes copied through aliases so far.
        var aliased = 0
        /// How many nodes aliases may copy in one document: far above any real front matter or
        /// site.yml, far below what would stall the build.
        static let aliasLimit = 10_000

        /// Converts a node; `alias` is where the anchored value that an alias is repeating starts,
        /// when the node is part of one.
        mutating func convert(_ node: Node, alias: SourceLocation? = nil) throws(Diagnostic) -> YAMLNode {
            let mark = node.mark
            let (line, column) = mark.map { $0.line > end.line ? end : ($0.line, $0.column) } ?? (1, 1)
            let location = SourceLocation(file: file, line: line + firstLine - 1, column: column)
            var alias = alias
            if alias == nil, let mark {
                let kind: Int
                switch node {
                case .scalar: kind = 0
                case .sequence: kind = 1
                case .mapping: kind = 2
                case .alias: kind = 3
                }
                if !seen.insert([mark.line, mark.column, kind]).inserted { alias = location }
            }
            if let alias, aliased >= Self.aliasLimit {
                throw .error(
                    alias, "aliases repeat the value anchored here into more than \(Self.aliasLimit) values",
                    hint: "an alias (*name) repeats its anchor's whole value; write the values out, or repeat fewer")
            }
            if alias != nil { aliased += 1 }
            switch node {
            case .scalar(let scalar):
                if let control = scalar.string.unicodeScalars.first(where: Self.isForbidden) {
                    throw .error(
                        location, "the value holds the control character \(Self.codePoint(control)), which a page cannot show",
                        hint: "remove the escape (such as \\0, \\x01 or \\e) from the quoted string")
                }
                return YAMLNode(.scalar(scalar.string, plain: scalar.style == .plain), at: location)
            case .sequence(let sequence):
                var items: [YAMLNode] = []
                for item in sequence { items.append(try convert(item, alias: alias)) }
                return YAMLNode(.sequence(items), at: location)
            case .mapping(let mapping):
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                var merged: [(key: YAMLNode, value: YAMLNode)] = []
                for (key, value) in mapping {
                    let keyNode = try convert(key, alias: alias)
                    let valueNode = try convert(value, alias: alias)
                    if case .scalar("<<", plain: true) = keyNode.kind {
                        merged += try Self.mergedPairs(valueNode)
                    } else {
                        pairs.append((keyNode, valueNode))
                    }
                }
                // Keys written in the mapping win over merged ones; among merged mappings, the
                // first one listed wins (YAML's merge key).
                var keys = Set(pairs.compactMap { $0.key.scalar })
                for pair in merged where keys.insert(pair.key.scalar ?? "").inserted { pairs.append(pair) }
                return YAMLNode(.mapping(pairs), at: location)
            case .alias:
                // Only Yams' encoder makes these; its parser resolves every alias.
                return YAMLNode(.scalar("", plain: true), at: location)
            }
        }

        /// The pairs a merge key (`<<: *base` or `<<: [*a, *b]`) brings in.
        static func mergedPairs(_ value: YAMLNode) throws(Diagnostic) -> [(key: YAMLNode, value: YAMLNode)] {
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            for source in value.sequence ?? [value] {
                guard let mapping = source.mapping else {
                    throw .error(
                        source.location, "'<<' merges mappings into this one, but found \(source.kindName)",
                        hint: "write `<<: *name` where &name anchors a mapping, or quote '<<' to use it as a key")
                }
                pairs += mapping
            }
            return pairs
        }

        /// C0 controls other than tab and line ends, and DEL: YAML admits them through escapes
        /// in double-quoted strings, and HTML has no way to show them.
        static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
        }

        /// `U+0000`.
        static func codePoint(_ scalar: Unicode.Scalar) -> String {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// The line (from 1) of the next line after `first` that writes `key:` at the same column,
    /// behind nothing but indentation: where the repeat of a duplicate key is.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> Int? {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard first.line < lines.count else { return nil }
        for number in first.line..<lines.count {
            let scalars = lines[number].unicodeScalars
            let before = scalars.prefix(first.column - 1)
            guard before.count == first.column - 1, before.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = Substring(scalars.dropFirst(first.column - 1))
            for written in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(written) {
                if rest.dropFirst(written.count).drop(while: { $0 == " " }).hasPrefix(":") { return number + 1 }
            }
        }
        return nil
    }

    private static func diagnostic(for error: YamlError, text: String, file: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            // libyaml closes a text that lacks a final line break with one of its own, so an error
            // at the end names the line after the last: name the end of the last line instead.
            let end = endOfText(text)
            let (line, column) = mark.line > end.line ? end : (mark.line, mark.column)
            return SourceLocation(file: file, line: line + firstLine - 1, column: column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line + firstLine - 1))" }
            var hint = "check the indentation and quoting on this line"
            let during = context?.text ?? ""
            if during.contains("quoted scalar") { hint = "close the quote, or remove it and write the value plainly" }
            if during.contains("flow sequence") { hint = "close the list with ], and separate its items with commas" }
            if during.contains("flow mapping") { hint = "close the mapping with }, and separate its pairs with commas" }
            if problem.contains("undefined alias") {
                hint = "define the anchor (&name) before the alias (*name), or quote the value if * is meant as text"
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if problem.contains("tab") || (mark.line >= 1 && mark.line <= lines.count && lines[mark.line - 1].contains("\t")) {
                hint = "indent YAML with spaces, not tabs"
            }
            if problem.contains("nesting level") {
                message = "invalid YAML: lists and mappings are nested too deep"
                hint = "nest lists and mappings fewer than 1000 levels deep"
            }
            if problem.contains("mapping values are not allowed") {
                hint = "a value containing ': ' must be quoted, e.g. title: \"A: B\""
            }
            return .error(at(mark), message, hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let hint = "each key may appear once; remove or rename the repeated one"
            // Yams marks the first of the keys; the mistake is usually the later one.
            if duplicates.count == 1, let repeated = repeatedKey(duplicates[0], after: context.mark, in: text) {
                return .error(
                    SourceLocation(file: file, line: repeated + firstLine - 1, column: context.mark.column),
                    "duplicate key '\(duplicates[0])', first written on line \(context.mark.line + firstLine - 1)",
                    hint: hint)
            }
            return .error(at(context.mark), "duplicate key '\(duplicates.joined(separator: "', '"))'", hint: hint)
        case .reader(let problem, let offset, let value, _):
            // The offset counts bytes of the text: find its line and column.
            var line = firstLine
            var column = 1
            for byte in text.utf8.prefix(offset ?? 0) {
                if byte == 10 {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            let character = Unicode.Scalar(UInt32(max(0, value))).map(Converter.codePoint) ?? "\(value)"
            return .error(
                SourceLocation(file: file, line: line, column: column), "invalid YAML: \(problem) (\(character))",
                hint: "remove the invisible character; YAML text may not hold control characters")
        default:
            return .error(
                SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(error)",
                hint: "check the YAML syntax near this line")
        }
    }

    /// Line and column just after the last character, counted as libyaml counts: CR, LF, CRLF,
    /// NEL, LS and PS end a line; a column is a character.
    private static func endOfText(_ text: String) -> (line: Int, column: Int) {
        var (line, column) = (1, 1)
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            if ["\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                (line, column) = (line + 1, 1)
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
