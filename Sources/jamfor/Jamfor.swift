import ArgumentParser
import Foundation

/// The `jamfor` command: the terminal client, the server a network runs, and its administration.
@main
struct Jamfor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamfor",
        abstract: "Compare Swedish municipalities' key figures within benchmarking networks.",
        discussion: """
            Jamfor keeps the figures that networks such as KKVH, 4M and Västra Mälardalen share, \
            including interim figures that are not public yet, and answers ranked comparisons.

            The client commands connect to $JAMFOR_SERVER (default 127.0.0.1:7411) as $JAMFOR_USER \
            with $JAMFOR_TOKEN. Municipalities can be named (Växjö, vaxjo) or coded (0780).

            Examples:
              jamfor demo                         a tour on a server of its own
              jamfor serve                        a server on 127.0.0.1:7411
              jamfor rank hme --network 4m        HME ranked within 4M
              jamfor compare --network kkvh       four key figures, composite
              jamfor trend sick-leave --municipality Kalmar
              jamfor token create --name kalmar --role member \\
                  --municipality 0880

            Shell completion: jamfor --generate-completion-script bash (or zsh, fish) \
            > ~/.jamfor-completion.bash, then source that file from your shell's startup file.
            """,
        version: "jamfor 0.5 (protocol version 1)",
        subcommands: [
            Demo.self, Rank.self, Compare.self, Trend.self, Indicators.self, Municipalities.self, Networks.self,
            Submit.self, Import.self, Export.self, Serve.self, Token.self,
        ]
    )

    /// Runs the command, and exits quietly when stdout's reader has gone, as `head` and `less` leave it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch is OutputClosed {
            Foundation.exit(0)
        } catch is Interrupted {
            let message =
                "jamfor: stopped; no half-written file was left. An import keeps the batches it had "
                + "already sent; running it again is safe.\n"
            try? FileHandle.standardError.write(contentsOf: Data(message.utf8))
            // 128 + SIGINT, as shells report a command that Ctrl-C ended.
            Foundation.exit(130)
        } catch {
            exit(withError: error)
        }
    }
}
