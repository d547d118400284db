import CCmarkGFM
import Foundation

/// cmark-gfm's strikethrough and autolink extensions switch their trigger characters on in a
/// process-wide table when a parse starts its inlines and off when it ends (fixed upstream
/// after the version Debian ships), and find which extension owns a delimiter through the same
/// lists, so the inline phase (`cmark_parser_finish`) runs under one lock. Block parsing
/// (`cmark_parser_feed`), walking and rendering touch no shared state and run in parallel.
private let inlinePhaseLock = NSLock()

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
        var walker = TreeWalker(options: options)
        defer {
            for node in walker.detached { cmark_node_free(node.raw) }
            cmark_node_free(root.raw)
            cmark_parser_free(parser)
        }
        walker.walk(root, source: markdown, rewriteLink: rewriteLink)
        // Render without SOURCEPOS: positions are for diagnostics, not for the page.
        var renderOptions = CMARK_OPT_UNSAFE
        if options.footnotes { renderOptions |= CMARK_OPT_FOOTNOTES }
        let raw = cmark_render_html(root.raw, renderOptions, cmark_parser_get_syntax_extensions(parser))!
        defer { free(raw) }
        return RenderedMarkdown(
            html: String(cString: raw), title: walker.title, titleID: walker.titleID, firstHeading: walker.firstHeading,
            headings: walker.headings,
            links: walker.links, slugger: walker.slugger, notices: walker.notices, warnings: walker.warnings)
    }

    private func parse(_ markdown: String) -> (OpaquePointer, Node) {
        let parser = cmark_parser_new(cmarkOptions)!
        for ext in MarkdownExtension.allCases where options.extensions.contains(ext) {
            if let syntax = cmark_find_syntax_extension(ext.rawValue) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        inlinePhaseLock.lock()
        defer { inlinePhaseLock.unlock() }
        return (parser, Node(cmark_parser_finish(parser)!))
    }
}
