/// A parsed template: Mustache syntax (variables, sections, inverted sections, comments,
/// partials, and parent/block inheritance), compiled once and rendered many times.
///
/// The theme used swift-mustache first; at 10,000 pages it cost about 4.5 s of CPU (450 µs a
/// page, measured by building the benchmark corpus with and without templates), more than
/// half of the whole build's budget. This engine renders the same templates from an enum tree
/// with byte-level escaping.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(path: [String], escaped: Bool, line: Int)
        case section(path: [String], inverted: Bool, body: [Node], line: Int)
        case partial(name: String, line: Int)
        /// `{{<parent}}` with the blocks it overrides.
        case parent(name: String, blocks: [String: [Node]], line: Int)
        /// `{{$name}}default{{/name}}`.
        case block(name: String, body: [Node])
    }

    /// A template that does not parse: what is wrong and on which line.
    public struct ParseError: Error, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
        /// How to fix it, where the section rule's hint does not fit.
        public var hint: String? = nil
    }

    let nodes: [Node]

    /// Parses a template's text.
    public init(_ text: String) throws(ParseError) {
        var parser = TemplateParser(text)
        nodes = try parser.parse()
    }

    /// Names of the partials and parents this template uses, with their lines, for checking.
    public var references: [(name: String, line: Int)] {
        var result: [(String, Int)] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let name, let line): result.append((name, line))
                case .parent(let name, let blocks, let line):
                    result.append((name, line))
                    blocks.values.forEach(walk)
                case .section(_, _, let body, _), .block(_, let body): walk(body)
                case .text, .variable: break
                }
            }
        }
        walk(nodes)
        return result
    }
}

/// A set of named templates that can refer to each other.
public struct TemplateLibrary: Sendable {
    var templates: [String: Template] = [:]

    /// An empty library.
    public init() {}

    /// Adds or replaces a template.
    public mutating func register(_ template: Template, named name: String) { templates[name] = template }

    /// Whether a template of that name exists.
    public func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders a named template; nil if there is no such template.
    public func render(_ name: String, _ context: TemplateValue) -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        out.reserveCapacity(32 * 1024)
        var renderer = TemplateRenderer(library: self)
        renderer.render(template.nodes, stack: [context], blocks: [:], into: &out)
        return out
    }
}

/// Renders nodes against a stack of context values.
struct TemplateRenderer {
    let library: TemplateLibrary
    /// Guards against a template that includes itself forever.
    var depth = 0

    mutating func render(_ nodes: [Template.Node], stack: [TemplateValue], blocks: [String: [Template.Node]], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let path, let escaped, _):
                guard let value = lookup(path, in: stack) else { continue }
                out += escaped ? HTML.escape(value.text) : value.text
            case .section(let path, let inverted, let body, _):
                let value = lookup(path, in: stack)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(body, stack: stack, blocks: blocks, into: &out) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .array(let items):
                    for item in items { render(body, stack: stack + [item], blocks: blocks, into: &out) }
                case .bool:
                    render(body, stack: stack, blocks: blocks, into: &out)
                default:
                    render(body, stack: stack + [value], blocks: blocks, into: &out)
                }
            case .partial(let name, _):
                guard depth < 32, let template = library.templates[name] else { continue }
                depth += 1
                render(template.nodes, stack: stack, blocks: blocks, into: &out)
                depth -= 1
            case .parent(let name, let overrides, _):
                guard depth < 32, let template = library.templates[name] else { continue }
                // Blocks given further out win over the ones given here, as in Mustache.
                let merged = overrides.merging(blocks) { _, outer in outer }
                depth += 1
                render(template.nodes, stack: stack, blocks: merged, into: &out)
                depth -= 1
            case .block(let name, let body):
                render(blocks[name] ?? body, stack: stack, blocks: blocks, into: &out)
            }
        }
    }

    /// `a.b.c`: `a` from the innermost context that has it, then `b` and `c` inside it.
    func lookup(_ path: [String], in stack: [TemplateValue]) -> TemplateValue? {
        if path.isEmpty { return stack.last }
        var found: TemplateValue?
        for value in stack.reversed() {
            if let hit = value[path[0]] {
                found = hit
                break
            }
        }
        for key in path.dropFirst() {
            found = found?[key]
        }
        return found
    }
}
