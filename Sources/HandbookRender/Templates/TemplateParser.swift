import Foundation

/// Turns template text into nodes. Tags that stand alone on a line (sections, comments,
/// partials, blocks) take their line with them, as the Mustache spec says, so templates can
/// be laid out readably without blank lines in the output.
struct TemplateParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    /// A tag as read: its sigil, its name, and where it was.
    private struct Tag {
        var sigil: UInt8?
        var name: String
        var line: Int
        var column: Int
    }

    private enum Token {
        case text(String)
        case tag(Tag)
    }

    mutating func parse() throws(Template.ParseError) -> [Template.Node] {
        let tokens = try tokenize()
        var position = 0
        let nodes = try build(tokens, &position, closing: nil)
        return nodes
    }

    // MARK: - Tokens

    private mutating func tokenize() throws(Template.ParseError) -> [Token] {
        var tokens: [Token] = []
        var text: [UInt8] = []
        var lineStart = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else {
                let byte = bytes[index]
                text.append(byte)
                index += 1
                if byte == 10 {
                    line += 1
                    lineStart = index
                }
                continue
            }
            let tagStart = index
            let tag = try readTag(column: tagStart - lineStart + 1)
            // A section, comment, partial or block tag alone on its line takes the line with it.
            if let sigil = tag.sigil, "#^/!>$<".utf8.contains(sigil),
                bytes[lineStart..<tagStart].allSatisfy({ $0 == 32 || $0 == 9 })
            {
                var end = index
                while end < bytes.count, bytes[end] == 32 || bytes[end] == 9 || bytes[end] == 13 { end += 1 }
                if end == bytes.count || bytes[end] == 10 {
                    text.removeLast(tagStart - lineStart)
                    if end < bytes.count {
                        line += 1
                        end += 1
                    }
                    index = end
                    lineStart = end
                }
            }
            tokens.append(.text(String(decoding: text, as: UTF8.self)))
            text = []
            tokens.append(.tag(tag))
        }
        tokens.append(.text(String(decoding: text, as: UTF8.self)))
        return tokens
    }

    private mutating func readTag(column: Int) throws(Template.ParseError) -> Tag {
        let startLine = line
        index += 2
        var triple = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
            triple = true
            index += 1
        }
        let start = index
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "}") && bytes[index + 1] == UInt8(ascii: "}")) {
            if bytes[index] == 10 { line += 1 }
            index += 1
        }
        guard index + 1 < bytes.count else {
            throw Template.ParseError(
                line: startLine, column: column, message: "a tag opened with {{ is never closed with }}",
                hint: "end the tag with }}")
        }
        var content = Array(bytes[start..<index])
        index += 2
        if triple {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else {
                throw Template.ParseError(
                    line: startLine, column: column, message: "a {{{ tag must be closed with }}}",
                    hint: "end it with }}}, or open it with {{ to escape the value")
            }
            index += 1
            content.insert(UInt8(ascii: "&"), at: 0)
        }
        var sigil: UInt8?
        if let first = content.first, "#^/!>&$<=".utf8.contains(first) {
            sigil = first
            content.removeFirst()
        }
        if sigil == UInt8(ascii: "=") {
            throw Template.ParseError(
                line: startLine, column: column, message: "changing delimiters ({{= =}}) is not supported",
                hint: "remove the {{=...=}} tag and write every tag with {{ and }}")
        }
        let name = String(decoding: content, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if sigil != UInt8(ascii: "!"), name.isEmpty {
            throw Template.ParseError(
                line: startLine, column: column, message: "a tag has no name",
                hint: "put a name between the braces, e.g. {{page.title}}")
        }
        return Tag(sigil: sigil, name: name, line: startLine, column: column)
    }

    // MARK: - Tree

    private func build(_ tokens: [Token], _ position: inout Int, closing: Tag?) throws(Template.ParseError) -> [Template.Node] {
        var nodes: [Template.Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            guard case .tag(let tag) = token else {
                if case .text(let text) = token, !text.isEmpty { nodes.append(.text(text)) }
                continue
            }
            switch tag.sigil {
            case nil:
                nodes.append(.variable(path: path(tag.name), escaped: true, line: tag.line))
            case UInt8(ascii: "&"):
                nodes.append(.variable(path: path(tag.name), escaped: false, line: tag.line))
            case UInt8(ascii: "!"):
                continue
            case UInt8(ascii: ">"):
                nodes.append(.partial(name: tag.name, line: tag.line))
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let body = try build(tokens, &position, closing: tag)
                nodes.append(.section(path: path(tag.name), inverted: tag.sigil == UInt8(ascii: "^"), body: body, line: tag.line))
            case UInt8(ascii: "$"):
                nodes.append(.block(name: tag.name, body: try build(tokens, &position, closing: tag)))
            case UInt8(ascii: "<"):
                let body = try build(tokens, &position, closing: tag)
                var blocks: [String: [Template.Node]] = [:]
                for node in body {
                    if case .block(let name, let content) = node { blocks[name] = content }
                }
                nodes.append(.parent(name: tag.name, blocks: blocks, line: tag.line))
            case UInt8(ascii: "/"):
                guard let closing else {
                    throw Template.ParseError(
                        line: tag.line, column: tag.column, message: "{{/\(tag.name)}} closes a section that was never opened")
                }
                guard closing.name == tag.name else {
                    throw Template.ParseError(
                        line: tag.line, column: tag.column,
                        message:
                            "{{/\(tag.name)}} does not match {{\(Character(UnicodeScalar(closing.sigil!)))\(closing.name)}} opened on line \(closing.line)"
                    )
                }
                return nodes
            default:
                continue
            }
        }
        if let closing {
            throw Template.ParseError(
                line: closing.line, column: closing.column,
                message: "{{\(Character(UnicodeScalar(closing.sigil!)))\(closing.name)}} is never closed with {{/\(closing.name)}}")
        }
        return nodes
    }

    private func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".").map(String.init)
    }
}
