import CCmarkGFM
import Foundation

/// cmark-gfm's strikethrough and autolink extensions flip process-wide tables during a parse
/// (fixed upstream after the version Debian ships), so parsing is serialised; walking and
/// rendering run in parallel.
private let parserLock = NSLock()

/// Registers the GFM extensions exactly once; Swift runs a global's initialiser once.
private let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

/// Renders Markdown to HTML with cmark-gfm and adds heading ids, permalinks, alerts,
/// title extraction and link rewriting by walking the tree.
public struct MarkdownRenderer: Sendable {
    /// What this renderer parses and adds.
    public let options: MarkdownOptions

    /// Creates a renderer.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        _ = extensionsRegistered
    }

    private var cmarkOptions: Int32 {
        var value = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        if options.footnotes { value |= CMARK_OPT_FOOTNOTES }
        if options.smartPunctuation { value |= CMARK_OPT_SMART }
        return value
    }

    /// Renders a Markdown text; `rewriteLink` may return a new destination for a link or image.
    public func render(_ markdown: String, rewriteLink: (MarkdownLink) -> String? = { _ in nil }) -> RenderedMarkdown {
        let (parser, root) = parse(markdown)
        defer {
            cmark_node_free(root.raw)
            parserLock.lock()
            cmark_parser_free(parser)
            parserLock.unlock()
        }
        var walker = TreeWalker(options: options)
        walker.walk(root, rewriteLink: rewriteLink)
        // Render without SOURCEPOS: positions are for diagnostics, not for the page.
        var renderOptions = CMARK_OPT_UNSAFE
        if options.footnotes { renderOptions |= CMARK_OPT_FOOTNOTES }
        let raw = cmark_render_html(root.raw, renderOptions, cmark_parser_get_syntax_extensions(parser))!
        defer { free(raw) }
        return RenderedMarkdown(
            html: String(cString: raw), title: walker.title, headings: walker.headings,
            links: walker.links, slugger: walker.slugger)
    }

    private func parse(_ markdown: String) -> (OpaquePointer, Node) {
        parserLock.lock()
        defer { parserLock.unlock() }
        let parser = cmark_parser_new(cmarkOptions)!
        for ext in MarkdownExtension.allCases where options.extensions.contains(ext) {
            if let syntax = cmark_find_syntax_extension(ext.rawValue) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        return (parser, Node(cmark_parser_finish(parser)!))
    }
}
