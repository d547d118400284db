/// Finds, before Yams composes a document, the keys through which an alias could stall the
/// build: an alias as a key (`*a: 1`), inside a list or mapping used as a key (`[*a]: 1`), or
/// behind an explicit key (`? `). Yams checks a mapping for duplicate keys by hashing each key
/// whole, and an alias can stand for billions of values (a "billion laughs" document); as a
/// value that costs nothing until it is converted, where `YAMLNode` caps it, but as a key the
/// hash runs inside Yams before any cap can apply. Front matter and site.yml never need such
/// keys, so they are refused.
///
/// This is a scan of the text, not a parser: it knows quotes, comments, block scalars and flow
/// collections, which is enough to tell keys from values. Where it misreads an odd document, it
/// errs towards seeing text (no finding); Yams then reports what is really wrong.
enum YAMLKeyCheck {
    /// A key the build refuses, with its line and column (from 1) in the text.
    struct Finding {
        var line: Int
        var column: Int
        var message: String
        var hint: String
    }

    private enum Quote { case none, single, double }

    /// The first refused key, or nil; documents without an alias are not scanned at all.
    static func firstRefusedKey(in text: String) -> Finding? {
        guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        let bytes = Array(text.utf8)
        var scan = Scan(bytes: bytes)
        return scan.run()
    }

    private struct Scan {
        let bytes: [UInt8]
        var line = 1
        var lineStart = 0
        var end = 0
        /// The open flow collections, innermost last: where each began, and whether it holds
        /// an alias.
        var flows: [(line: Int, index: Int, hasAlias: Bool)] = []
        var flowDepth: Int { flows.count }
        var quote = Quote.none
        /// The indentation of the line that opened a block scalar (`|` or `>`), while in one.
        var blockIndent: Int?
        /// Whether the next character may start a node (after indentation, `- `, `: `, `,`, ...).
        var tokenStart = true

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> Finding? {
            var index = 0
            while index < bytes.count {
                lineStart = index
                end = index
                while end < bytes.count, bytes[end] != 10, bytes[end] != 13 { end += 1 }
                var indent = 0
                while index + indent < end, bytes[index + indent] == 32 { indent += 1 }
                if let block = blockIndent, index + indent == end || indent > block {
                    // A line of the block scalar's text (or a blank one).
                } else {
                    blockIndent = nil
                    if quote == .none, flowDepth == 0 { tokenStart = true }
                    if let finding = scanLine(from: index + indent, indent: indent) { return finding }
                }
                index = end
                if index < bytes.count, bytes[index] == 13 { index += 1 }
                if index < bytes.count, bytes[index] == 10 { index += 1 }
                line += 1
            }
            return nil
        }

        private func isBlank(_ index: Int) -> Bool { index >= end || bytes[index] == 32 || bytes[index] == 9 }

        private func isFlowIndicator(_ index: Int) -> Bool {
            index < end
                && [UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}")].contains(bytes[index])
        }

        /// Whether a value indicator (`:`) follows, after spaces: what came before was a key.
        private func colonFollows(_ index: Int) -> Bool {
            var index = index
            while index < end, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return false }
            return isBlank(index + 1) || (flowDepth > 0 && isFlowIndicator(index + 1))
        }

        private func column(of index: Int) -> Int {
            1 + bytes[lineStart..<index].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        }

        private mutating func scanLine(from start: Int, indent: Int) -> Finding? {
            var index = start
            var spaced = true
            while index < end {
                let byte = bytes[index]
                switch quote {
                case .double:
                    if byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") { quote = .none }
                    index += 1
                    continue
                case .single:
                    if byte == UInt8(ascii: "'") {
                        if index + 1 < end, bytes[index + 1] == UInt8(ascii: "'") {
                            index += 2
                            continue
                        }
                        quote = .none
                    }
                    index += 1
                    continue
                case .none: break
                }
                if byte == 32 || byte == 9 {
                    spaced = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "#"), spaced { return nil }
                spaced = false
                if flowDepth > 0, byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    let flow = flows.removeLast()
                    tokenStart = false
                    index += 1
                    if flow.hasAlias, !flows.isEmpty { flows[flows.count - 1].hasAlias = true }
                    if flow.hasAlias, colonFollows(index) {
                        return Finding(
                            line: flow.line, column: column(of: flow.index),
                            message: "a list or mapping with an alias (*name) in it is used as a key",
                            hint: "write the key out as a plain word; an alias may stand only for a value")
                    }
                    continue
                }
                if flowDepth > 0, byte == UInt8(ascii: ",") {
                    tokenStart = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{"), tokenStart || flowDepth > 0 {
                    flows.append((line, index, false))
                    tokenStart = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: ":"), isBlank(index + 1) || (flowDepth > 0 && isFlowIndicator(index + 1)) {
                    tokenStart = true
                    index += 1
                    continue
                }
                guard tokenStart else {
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    quote = .double
                    tokenStart = false
                case UInt8(ascii: "'"):
                    quote = .single
                    tokenStart = false
                case UInt8(ascii: "*"):
                    let nameStart = index + 1
                    index = nameStart
                    while index < end, !isBlank(index), !isFlowIndicator(index), bytes[index] != UInt8(ascii: ":") { index += 1 }
                    if !flows.isEmpty { flows[flows.count - 1].hasAlias = true }
                    if colonFollows(index) {
                        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
                        return Finding(
                            line: line, column: column(of: nameStart - 1), message: "an alias (*\(name)) is used as a key",
                            hint: "write the key out; an alias may stand only for a value")
                    }
                    tokenStart = false
                    continue
                case UInt8(ascii: "?") where isBlank(index + 1) || (flowDepth > 0 && isFlowIndicator(index + 1)):
                    return Finding(
                        line: line, column: column(of: index), message: "an explicit key (`? `) is used beside aliases",
                        hint: "write each key as `name: value`, with a plain name")
                case UInt8(ascii: "-") where isBlank(index + 1) && flowDepth == 0:
                    break
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    if flowDepth == 0 {
                        blockIndent = indent
                        return nil
                    }
                    tokenStart = false
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    // An anchor or a tag comes before its node.
                    while index < end, !isBlank(index), !(flowDepth > 0 && isFlowIndicator(index)) { index += 1 }
                    continue
                default:
                    tokenStart = false
                }
                index += 1
            }
            return nil
        }
    }
}
