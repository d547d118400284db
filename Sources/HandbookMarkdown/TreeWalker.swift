import CCmarkGFM
import Foundation

/// The GitHub alert kinds and the titles they show.
private let alertTitles: [String: String] = [
    "NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
]

/// One pass over a parsed tree: it records headings and links while iterating, then changes
/// the tree afterwards, so the iterator never sees a node it has invalidated.
struct TreeWalker {
    let options: MarkdownOptions
    private(set) var title: String?
    /// The id the taken-out leading heading had in the body, for the page's title to carry.
    private(set) var titleID: String?
    /// The text of the first heading, at any level, for a page that has no other title.
    private(set) var firstHeading: String?
    private(set) var headings: [MarkdownHeading] = []
    var links: [MarkdownLink] = []
    private(set) var slugger = Slugger()
    /// What renders differently from GitHub.
    private(set) var notices: [MarkdownNotice] = []
    /// Blocks taken out of the tree whose children were moved elsewhere; their content buffers
    /// back those children's text, so the renderer frees them only after rendering.
    private(set) var detached: [Node] = []
    var warnings: [MarkdownWarning] = []

    init(options: MarkdownOptions) {
        self.options = options
    }

    mutating func walk(_ root: Node, source: String, rewriteLink: (MarkdownLink) -> String?) {
        var headingNodes: [Node] = []
        var quoteNodes: [Node] = []
        var linkNodes: [(Node, MarkdownLink)] = []
        var htmlNodes: [(node: Node, blockColumn: Int)] = []
        var rawHTMLNodes: [(node: Node, blockColumn: Int)] = []

        let iterator = cmark_iter_new(root.raw)
        defer { cmark_iter_free(iterator) }
        var lastBlock = root
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = Node(cmark_iter_get_node(iterator)) else { continue }
            switch node.type {
            case CMARK_NODE_HEADING:
                headingNodes.append(node)
                lastBlock = node
            case CMARK_NODE_BLOCK_QUOTE:
                quoteNodes.append(node)
                lastBlock = node
            case CMARK_NODE_TEXT:
                findForeignTemplate(in: node, block: lastBlock)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                // Inline nodes may lack positions; fall back to the enclosing block's line.
                let line = node.startLine > 0 ? node.startLine : lastBlock.startLine
                let column = node.startLine > 0 ? node.startColumn : lastBlock.startColumn
                let link = MarkdownLink(
                    url: node.url ?? "", isImage: node.type == CMARK_NODE_IMAGE, line: line, column: column)
                linkNodes.append((node, link))
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                rawHTMLNodes.append((node, lastBlock.startColumn))
                if options.rawHTML == .safe { htmlNodes.append((node, lastBlock.startColumn)) }
                fallthrough
            default:
                if node.startLine > 0, Int(node.type.rawValue) & Int(CMARK_NODE_TYPE_MASK) == Int(CMARK_NODE_TYPE_BLOCK) {
                    lastBlock = node
                }
            }
        }

        var definitions: ReferenceDefinitions?
        for (node, written) in linkNodes {
            var link = written
            if node.startLine > 0, node.endLine > 0 {
                // A reference-style link is reported where its URL is written: its definition.
                if definitions == nil { definitions = ReferenceDefinitions(source: source) }
                if let definition = definitions!.definition(
                    url: link.url, startLine: node.startLine, startColumn: node.startColumn, endLine: node.endLine,
                    endColumn: node.endColumn)
                {
                    link.line = definition.line
                    link.column = definition.column
                }
            }
            links.append(link)
            if dropUnsafeDestination(of: node, link) { continue }
            if let syntax = ForeignTemplateSyntax.all(in: link.url).first {
                // `[x]({{ site.baseurl }}/a.md)`: the URL is another generator's to fill in.
                notices.append(MarkdownNotice(.foreignTemplate(syntax.name), line: link.line, column: link.column))
                continue
            }
            if let replacement = rewriteLink(link) {
                cmark_node_set_url(node.raw, replacement)
            }
        }
        rewriteRawHTMLLinks(rawHTMLNodes, rewriteLink: rewriteLink)
        sanitizeRawHTML(htmlNodes)
        for node in headingNodes { findHeadingAttribute(in: node) }
        takeTitle(from: root, headings: &headingNodes)
        for node in headingNodes { addAnchor(to: node) }
        if options.alerts {
            for node in quoteNodes { convertAlert(node) }
        }
    }

    /// Takes a leading heading out of the body as the page's title. It keeps the id GitHub gives
    /// it, taken before any other heading's, so `page.md#title` still leads somewhere and a
    /// later heading with the same text gets `title-1`, as on GitHub.
    private mutating func takeTitle(from root: Node, headings: inout [Node]) {
        firstHeading = headings.first?.plainText
        guard options.extractsLeadingTitle, let first = headings.first else { return }
        let leads = root.firstChild == first
        // A page titled by its body: its leading heading at any level, or its first heading
        // when that is an h1 after a line of links or badges, as READMEs often start.
        let lift =
            options.extractsLeadingHeadingOfAnyLevel
            ? leads || first.headingLevel == 1 : leads && first.headingLevel == 1
        guard lift else { return }
        let text = first.plainText
        title = text
        if options.headingAnchors { titleID = slugger.unique(for: text) }
        headings.removeFirst()
        first.remove()
    }

    private mutating func addAnchor(to node: Node) {
        let level = node.headingLevel
        let text = node.plainText
        guard options.headingAnchors else {
            headings.append(MarkdownHeading(level: level, text: text, id: "", line: node.startLine))
            return
        }
        let id = slugger.unique(for: text)
        headings.append(MarkdownHeading(level: level, text: text, id: id, line: node.startLine))
        detached.append(
            node.replaceWithCustomBlock(
                enter: "<h\(level) id=\"\(id)\">",
                exit: "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\"></a></h\(level)>",
                inline: true))
    }

    /// `## Heading {#custom-id}` (Hugo, kramdown, Pandoc): GitHub shows the braces as text and
    /// makes the id from all of it, so links to `#custom-id` fail there, and here.
    private mutating func findHeadingAttribute(in node: Node) {
        guard let last = node.children.last, last.type == CMARK_NODE_TEXT, let text = last.literal, text.hasSuffix("}"),
            let open = text.range(of: "{#", options: .backwards)
        else { return }
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: open.lowerBound)
        let column = last.startLine > 0 ? last.startColumn + offset : node.startColumn
        notices.append(MarkdownNotice(.foreignTemplate("{#id} after a heading"), line: node.startLine, column: column))
    }

    /// Notes the template tags of another generator in a text node; the build warns once per
    /// page. Code spans and blocks are not text nodes, so examples in code are left alone.
    private mutating func findForeignTemplate(in node: Node, block: Node) {
        guard let text = node.literal else { return }
        for syntax in ForeignTemplateSyntax.all(in: text) {
            let line = node.startLine > 0 ? node.startLine : block.startLine
            let column = node.startLine > 0 ? node.startColumn + syntax.offset : block.startColumn
            notices.append(MarkdownNotice(.foreignTemplate(syntax.name), line: line, column: column))
        }
    }

    /// `> [!NOTE]` on the first line of a block quote makes it a callout, as on GitHub. The
    /// marker followed by text on the same line (`> [!NOTE] text`) makes one too, as it was
    /// surely meant, with a notice: GitHub shows that as a plain quote.
    private mutating func convertAlert(_ quote: Node) {
        guard let paragraph = quote.firstChild, paragraph.type == CMARK_NODE_PARAGRAPH else { return }
        // The first line's leading text nodes: cmark splits text at brackets.
        var marker = ""
        var textNodes: [Node] = []
        var lineBreak: Node?
        for child in paragraph.children {
            if child.type == CMARK_NODE_SOFTBREAK || child.type == CMARK_NODE_LINEBREAK {
                lineBreak = child
                break
            }
            guard child.type == CMARK_NODE_TEXT else { break }
            marker += child.literal ?? ""
            textNodes.append(child)
        }
        let leading = marker.prefix { $0 == " " || $0 == "\t" }
        let rest = marker.dropFirst(leading.count)
        guard rest.hasPrefix("[!"), let close = rest.firstIndex(of: "]") else { return }
        let kind = rest[rest.index(rest.startIndex, offsetBy: 2)..<close].uppercased()
        guard let heading = alertTitles[kind] else { return }
        let after = rest[rest.index(after: close)...]
        let markerOnItsOwnLine = lineBreak != nil || textNodes.count == paragraph.children.count
        if after.allSatisfy({ $0 == " " || $0 == "\t" }) && markerOnItsOwnLine {
            textNodes.forEach { $0.remove() }
            lineBreak?.remove()
        } else {
            // `> [!NOTE] text`: keep the text, drop the marker and the spaces after it.
            notices.append(MarkdownNotice(.oneLineAlert(kind), line: quote.startLine, column: quote.startColumn))
            var drop = marker.utf8.count - after.drop { $0 == " " || $0 == "\t" }.utf8.count
            for node in textNodes {
                let literal = node.literal ?? ""
                if literal.utf8.count <= drop {
                    drop -= literal.utf8.count
                    node.remove()
                } else {
                    let kept = String(decoding: literal.utf8.dropFirst(drop), as: UTF8.self)
                    cmark_node_set_literal(node.raw, kept)
                    break
                }
            }
        }
        if paragraph.firstChild == nil { paragraph.remove() }
        let name = kind.lowercased()
        detached.append(
            quote.replaceWithCustomBlock(
                enter: "<div class=\"alert alert-\(name)\" role=\"note\">\n<p class=\"alert-title\">\(heading)</p>",
                exit: "</div>"))
    }
}
