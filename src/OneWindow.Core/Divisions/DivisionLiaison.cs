namespace OneWindow.Divisions;

/// <summary>
/// The person in charge at one division of the four-level liaison roster (市县乡村四级联络机制):
/// city, county, township and village each name one.
/// </summary>
public sealed class DivisionLiaison
{
    public required string DivisionCode { get; init; }

    public required string PersonName { get; set; }

    public required string Title { get; set; }

    public required string Phone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
