import ArgumentParser

/// The `jamfor` command: the server a network runs, and its administration.
@main
struct Jamfor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamfor",
        abstract: "Compare Swedish municipalities' key figures within benchmarking networks.",
        discussion: """
            Jamfor keeps the figures that networks such as KKVH, 4M and Västra Mälardalen share, \
            including interim figures that are not public yet, and answers ranked comparisons.

            Examples:
              jamfor serve                                  start a server on 127.0.0.1:7411
              jamfor token create --name kalmar --role member --municipality 0880
            """,
        subcommands: [Serve.self, Token.self]
    )
}
