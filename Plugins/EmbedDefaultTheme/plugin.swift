import Foundation
import PackagePlugin

/// Embeds `Themes/default` into the target that renders pages, so the binary is self-contained.
@main
struct EmbedDefaultTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = context.package.directoryURL.appending(path: "Themes").appending(path: "default")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(
            at: theme, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        {
            while let url = walker.nextObject() as? URL { inputs.append(url) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaultTheme.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [theme.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
