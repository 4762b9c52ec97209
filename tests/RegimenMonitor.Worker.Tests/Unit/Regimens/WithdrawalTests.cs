using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// A withdrawal withdraws what was dispensed: the item keeps its product and supply whatever product text the reversal
/// carries (found by an independent edge probe: a reversal naming Ultram turned a withdrawn Zoloft dispense into a
/// withdrawn Ultram in <c>inspect</c> and in the resolution that names it).
/// </summary>
public sealed class WithdrawalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Handed = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static RegimenChange Dispense(string text, DateTimeOffset at, string status = "completed", string? rxnorm = null) =>
        EventMapper.Map(new Contracts.MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = "PT-wd", DispenseId = "RX1", DispensedAt = at, Status = status,
            Medication = new Contracts.MedicationProduct { Text = text, Rxnorm = rxnorm },
            // a reversal's own supply and pharmacy differ, so keeping the dispense's is seen
            DaysSupply = status == "completed" ? 30 : 7, PharmacyId = status == "completed" ? "PH-1" : "PH-9",
        }, 30);

    [Theory]
    [InlineData("Ultram 50 mg tablet", null)]
    [InlineData("Zoloft 50 mg tablet", null)]
    [InlineData("sertraline", "312941")]
    public void A_withdrawal_keeps_the_product_and_supply_it_withdraws(string reversalText, string? reversalRxnorm)
    {
        var items = new List<RegimenItemRecord>();
        RegimenItemUpdate.Apply(items, null, Dispense("Zoloft 50 mg tablet", Handed), Now, out _);
        var reversal = Dispense(reversalText, Handed.AddDays(2), "entered-in-error", reversalRxnorm);

        Assert.Equal(ApplyOutcome.Applied, RegimenItemUpdate.Apply(items, items[0], reversal, Now, out _));

        var item = Assert.Single(items);
        Assert.True(item.Withdrawn);
        Assert.Equal("entered-in-error", item.Status);
        Assert.Equal("Zoloft 50 mg tablet", item.ProductText);
        Assert.Null(item.Rxnorm);
        Assert.Equal(Handed, item.StartedAt);
        Assert.Equal(30, item.DaysSupply);
        Assert.Equal(reversal.EffectiveAt, item.EffectiveAt);
        Assert.Equal(reversal.EventId, item.SourceEventId);
        Assert.Contains("PH-1", item.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_withdrawal_that_arrives_first_is_the_item_until_the_dispense_it_withdrew_is_stale()
    {
        var items = new List<RegimenItemRecord>();
        RegimenItemUpdate.Apply(items, null, Dispense("Ultram 50 mg tablet", Handed.AddDays(2), "entered-in-error"), Now, out _);

        Assert.Equal(ApplyOutcome.Stale, RegimenItemUpdate.Apply(items, items[0], Dispense("Zoloft 50 mg tablet", Handed), Now, out _));
        Assert.True(Assert.Single(items).Withdrawn);
    }

    [Fact]
    public void A_dispense_after_its_withdrawal_reinstates_it_with_its_own_product()
    {
        var items = new List<RegimenItemRecord>();
        RegimenItemUpdate.Apply(items, null, Dispense("Zoloft 50 mg tablet", Handed), Now, out _);
        RegimenItemUpdate.Apply(items, items[0], Dispense("Zoloft 50 mg tablet", Handed.AddDays(2), "entered-in-error"), Now, out _);

        Assert.Equal(ApplyOutcome.Applied, RegimenItemUpdate.Apply(items, items[0], Dispense("Lexapro 10 mg tablet", Handed.AddDays(3)), Now, out _));

        var item = Assert.Single(items);
        Assert.False(item.Withdrawn);
        Assert.Equal("Lexapro 10 mg tablet", item.ProductText);
        Assert.Equal(Handed.AddDays(3), item.StartedAt);
    }
}
