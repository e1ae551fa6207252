using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SupervisingLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SupervisingUnitId",
                table: "units",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_units_SupervisingUnitId",
                table: "units",
                column: "SupervisingUnitId");

            migrationBuilder.AddForeignKey(
                name: "FK_units_units_SupervisingUnitId",
                table: "units",
                column: "SupervisingUnitId",
                principalTable: "units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_units_units_SupervisingUnitId",
                table: "units");

            migrationBuilder.DropIndex(
                name: "IX_units_SupervisingUnitId",
                table: "units");

            migrationBuilder.DropColumn(
                name: "SupervisingUnitId",
                table: "units");
        }
    }
}
