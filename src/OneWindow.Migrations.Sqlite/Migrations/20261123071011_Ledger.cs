using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_cosignatures",
                columns: table => new
                {
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    witness = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    line = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_cosignatures", x => new { x.size, x.witness });
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    idx = table.Column<long>(type: "INTEGER", nullable: false),
                    leaf_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    input = table.Column<byte[]>(type: "BLOB", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.idx);
                });

            migrationBuilder.CreateTable(
                name: "ledger_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    encrypted_private_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_nodes",
                columns: table => new
                {
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    idx = table.Column<long>(type: "INTEGER", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_nodes", x => new { x.level, x.idx });
                });

            migrationBuilder.CreateTable(
                name: "ledger_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    frontier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    root = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_state", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_witnesses",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_witnesses", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "ledger_checkpoints",
                columns: table => new
                {
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    root = table.Column<byte[]>(type: "BLOB", nullable: false),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    tree_head_signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    note_signature = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    key_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_checkpoints", x => x.size);
                    table.ForeignKey(
                        name: "FK_ledger_checkpoints_ledger_keys_key_id",
                        column: x => x.key_id,
                        principalTable: "ledger_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_checkpoints_key_id",
                table: "ledger_checkpoints",
                column: "key_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_leaf_hash",
                table: "ledger_entries",
                column: "leaf_hash");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_subject",
                table: "ledger_entries",
                columns: new[] { "subject", "idx" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ledger_checkpoints");

            migrationBuilder.DropTable(
                name: "ledger_cosignatures");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "ledger_nodes");

            migrationBuilder.DropTable(
                name: "ledger_state");

            migrationBuilder.DropTable(
                name: "ledger_witnesses");

            migrationBuilder.DropTable(
                name: "ledger_keys");
        }
    }
}
