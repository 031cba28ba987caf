import ArgumentParser
import Foundation
import JamforDomain
import JamforServer
import JamforStorage
import Logging

/// `jamfor token`: accounts and their tokens, managed on the server's own database.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke the accounts that may connect to a server.",
        discussion: """
            These commands work on the server's database file directly, so run them on the server's \
            machine. A token is shown once, when it is created; only its hash is stored.

            Examples:
              jamfor token create --name kalmar --role member --municipality 0880
              jamfor token create --name analyst --role reader
              jamfor token list
              jamfor token revoke kalmar
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct DatabaseOption: ParsableArguments {
        @Option(name: .long, help: "The server's database file (default: $JAMFOR_DATABASE or jamfor.sqlite).")
        var database: String?

        var path: String {
            database ?? ProcessInfo.processInfo.environment["JAMFOR_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "jamfor.sqlite"
        }

        /// The path of a database that must already exist: listing or revoking on a mistyped path
        /// must not create an empty database there.
        func existingPath() throws -> String {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(
                    "there is no database at \(path); give the server's database file with --database "
                        + "(or JAMFOR_DATABASE)"
                )
            }
            return path
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and print its token once.",
            discussion: """
                Example:
                  jamfor token create --name kalmar --role member --municipality 0880
                """
        )

        @OptionGroup var database: DatabaseOption

        @Option(name: .long, help: "The account's user name (1–64 letters, digits, '.', '_' or '-').")
        var name: String

        @Option(name: .long, help: "admin, member or reader.")
        var role: String

        @Option(name: .long, help: "A member's municipality: its four-digit SCB code, such as 0880.")
        var municipality: String?

        func validate() throws {
            guard Self.isValidName(name) else {
                throw ValidationError("'\(name)' is not a user name: use 1–64 letters, digits, '.', '_' or '-'")
            }
            guard let role = Role(rawValue: role) else {
                throw ValidationError("'\(role)' is not a role: use admin, member or reader")
            }
            if role == .member && municipality == nil {
                throw ValidationError("a member is bound to one municipality: give --municipality with its SCB code")
            }
            if role != .member && municipality != nil {
                throw ValidationError("only members are bound to a municipality: leave out --municipality")
            }
        }

        static func isValidName(_ text: String) -> Bool {
            !text.isEmpty && text.utf8.count <= 64
                && text.unicodeScalars.allSatisfy {
                    ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                        || "._-".unicodeScalars.contains($0)
                }
        }

        func run() async throws {
            let storage = try await openStorage(
                path: database.path,
                datasets: nil,
                skipDatasets: false,
                logger: Logger(label: "jamfor.token")
            )
            do {
                try await create(in: storage)
            } catch {
                try? await storage.close()
                throw error
            }
            try await storage.close()
        }

        private func create(in storage: SQLiteStorage) async throws {
            var code: MunicipalityCode?
            if let municipality {
                let parsed = try MunicipalityCode(municipality)
                guard try await storage.registry().municipality(parsed) != nil else {
                    throw CommandFailure(
                        "no municipality has the code \(municipality); use the four-digit SCB code, such as 0880 for Kalmar"
                    )
                }
                code = parsed
            }
            let token = Tokens.generate()
            try await storage.createAccount(
                Account(
                    name: name,
                    role: Role(rawValue: role) ?? .reader,
                    municipality: code,
                    tokenHash: Tokens.hash(token),
                    createdAt: Date()
                )
            )
            print("Created \(role) '\(name)'\(code.map { " for \($0)" } ?? ""). Its token, shown only this once:")
            print()
            print("  \(token)")
            print()
            print("The user connects with JAMFOR_USER=\(name) and JAMFOR_TOKEN set to it. It cannot be shown again.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the accounts (never their tokens).",
            discussion: "Example:\n  jamfor token list --database /var/lib/jamfor/jamfor.sqlite"
        )

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let storage = try await SQLiteStorage(path: try database.existingPath())
            let accounts = try await storage.accounts()
            try await storage.close()
            if accounts.isEmpty {
                print("No accounts yet. Create one with: jamfor token create --name NAME --role admin")
                return
            }
            let formatter = ISO8601DateFormatter()
            for account in accounts {
                let state = account.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                let place = account.municipality.map { " \($0)" } ?? ""
                print(
                    "\(account.name)\t\(account.role)\(place)\tcreated \(formatter.string(from: account.createdAt))\t\(state)"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an account's token, so that it can no longer connect.",
            discussion: "Example:\n  jamfor token revoke kalmar"
        )

        @OptionGroup var database: DatabaseOption

        @Argument(help: "The account's user name.")
        var name: String

        func run() async throws {
            let storage = try await SQLiteStorage(path: try database.existingPath())
            let revoked = try await storage.revokeAccount(named: name, at: Date())
            try await storage.close()
            guard revoked else {
                throw CommandFailure("no account is named '\(name)'; `jamfor token list` shows them")
            }
            print("Revoked '\(name)'. Connections it already has stay open until they close.")
        }
    }
}
