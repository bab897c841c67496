#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {
namespace {

constexpr std::array<message_text, 43> texts{{
    // Identifying the parcel.
    {"return.unknown", "No open return matches {scanned}. Put the parcel in the unexpected-returns area.",
     "Ingen öppen retur matchar {scanned}. Ställ paketet på platsen för oväntade returer."},
    {"return.rma_not_open", "Return {rma} is {state}, not approved. Put the parcel in the unexpected-returns area.",
     "Returen {rma} är {state}, inte godkänd. Ställ paketet på platsen för oväntade returer."},
    {"return.already_done", "Return {rma} has already been received and inspected.",
     "Returen {rma} är redan mottagen och kontrollerad."},
    {"return.order_unknown", "Return {rma} names order {order}, which this station does not know.",
     "Returen {rma} gäller order {order}, som stationen inte känner till."},
    {"return.arrived", "Return {rma} (order {order}): put the unopened parcel on the scale (about {expected} g).",
     "Retur {rma} (order {order}): lägg det oöppnade paketet på vågen (cirka {expected} g)."},
    {"return.arrived_late",
     "Return {rma} (order {order}) is {days} days old, the window is {window} days: it will be flagged. Put the "
     "unopened parcel on the scale (about {expected} g).",
     "Returen {rma} (order {order}) är {days} dagar gammal, returfristen är {window} dagar: den flaggas. Lägg det "
     "oöppnade paketet på vågen (cirka {expected} g)."},
    {"return.finish_first", "Finish or cancel return {rma} first.", "Avsluta eller avbryt returen {rma} först."},
    {"return.scan_rma_first", "Scan the RMA, the order or the tracking number of the parcel first.",
     "Skanna paketets RMA, order eller kollinummer först."},
    {"return.nothing_to_cancel", "There is no return to cancel.", "Det finns ingen retur att avbryta."},
    {"return.cancelled", "Return {rma} cancelled. Put the parcel back unchanged.",
     "Returen {rma} avbröts. Lägg tillbaka paketet som det var."},
    // Weighing.
    {"return.weigh_first", "Weigh the unopened parcel of {rma} before opening it.",
     "Väg det oöppnade paketet för {rma} innan du öppnar det."},
    {"return.weight_ok", "Weight {measured} g is as expected. Open the parcel and scan each item.",
     "Vikten {measured} g stämmer. Öppna paketet och skanna varje artikel."},
    {"return.weight_low",
     "Parcel weighs {measured} g, expected {expected} g ({delta} g): an item may be missing. Open it and scan each item.",
     "Paketet väger {measured} g, förväntat {expected} g ({delta} g): en artikel kan saknas. Öppna och skanna varje "
     "artikel."},
    {"return.weight_high",
     "Parcel weighs {measured} g, expected {expected} g (+{delta} g): it may hold something else. Open it and scan "
     "each item.",
     "Paketet väger {measured} g, förväntat {expected} g (+{delta} g): det kan innehålla något annat. Öppna och "
     "skanna varje artikel."},
    // Items.
    {"return.unknown_item", "{code} is not a known product. Put it aside and call a supervisor.",
     "{code} är ingen känd artikel. Lägg den åt sidan och kalla på en arbetsledare."},
    {"return.serial_needed", "{name} has a serial number: scan the serial number barcode.",
     "{name} har ett serienummer: skanna serienumrets streckkod."},
    {"return.serial_twice", "Serial number {serial} was already scanned in this parcel.",
     "Serienumret {serial} är redan skannat i det här paketet."},
    {"return.item_ok", "{name}: {count} of {authorised}.", "{name}: {count} av {authorised}."},
    {"return.item_not_on_order", "{name} was not shipped on order {order}. Recorded; keep it with the parcel.",
     "{name} skickades inte med order {order}. Registrerad; behåll den med paketet."},
    {"return.quantity_exceeded", "{name}: {count} received but only {allowed} may be returned. Recorded.",
     "{name}: {count} mottagna men bara {allowed} får returneras. Registrerat."},
    {"return.serial_mismatch", "{name}: serial {serial} is not the one that was shipped. Recorded.",
     "{name}: serienumret {serial} är inte det som skickades. Registrerat."},
    {"return.items_first", "Scan the items in the parcel, then DONE.",
     "Skanna artiklarna i paketet och sedan DONE."},
    {"return.items_closed", "The items are done. Grade them or confirm.",
     "Artiklarna är klara. Gradera dem eller bekräfta."},
    {"return.items_done", "{count} item(s) checked. Choose the grade: scan GRADE-A to GRADE-D.",
     "{count} artikel/artiklar kontrollerade. Välj grad: skanna GRADE-A till GRADE-D."},
    {"return.items_missing",
     "{count} item(s) received, {missing} missing. Recorded. Choose the grade: scan GRADE-A to GRADE-D.",
     "{count} artikel/artiklar mottagna, {missing} saknas. Registrerat. Välj grad: skanna GRADE-A till GRADE-D."},
    {"return.items_none", "The parcel of {rma} is empty. Recorded; scan CONFIRM.",
     "Paketet för {rma} är tomt. Registrerat; skanna CONFIRM."},
    // Grading and disposition.
    {"return.grade_first", "Choose the grade first: scan GRADE-A to GRADE-D.",
     "Välj grad först: skanna GRADE-A till GRADE-D."},
    {"return.grade_reasons", "Grade {grade}: choose at least one reason.", "Grad {grade}: välj minst en orsak."},
    {"return.grade_needed", "Choose a grade: A, B, C or D.", "Välj en grad: A, B, C eller D."},
    {"return.unknown_grade", "There is no grade {grade}: use A, B, C or D.",
     "Det finns ingen grad {grade}: använd A, B, C eller D."},
    {"return.reason_needed", "Grade {grade} needs at least one reason.", "Grad {grade} kräver minst en orsak."},
    {"return.unknown_reason", "{reason} is not a grading reason. Use one of: {known}.",
     "{reason} är ingen orsak för gradering. Använd någon av: {known}."},
    {"return.graded", "Grade {grade}: {disposition}. Scan CONFIRM to finish.",
     "Grad {grade}: {disposition}. Skanna CONFIRM för att avsluta."},
    {"return.graded_quarantine",
     "Grade {grade}. Mismatches ({codes}): the return needs action and everything goes to QUARANTINE. Scan CONFIRM.",
     "Grad {grade}. Avvikelser ({codes}): returen kräver åtgärd och allt går till QUARANTINE. Skanna CONFIRM."},
    {"return.confirm_first", "Scan CONFIRM to finish, or change the disposition.",
     "Skanna CONFIRM för att avsluta, eller ändra hanteringen."},
    {"return.unknown_disposition",
     "There is no disposition {disposition}: use RESTOCK, REFURBISH, QUARANTINE, RETURN_TO_VENDOR or SCRAP.",
     "Det finns ingen hantering {disposition}: använd RESTOCK, REFURBISH, QUARANTINE, RETURN_TO_VENDOR eller SCRAP."},
    {"return.unknown_unit", "There is no unit {unit}; the parcel has {units}.",
     "Det finns ingen enhet {unit}; paketet har {units}."},
    {"return.disposition_changed", "Disposition now: {disposition}. Scan CONFIRM to finish.",
     "Hantering nu: {disposition}. Skanna CONFIRM för att avsluta."},
    {"return.disposition_needs_supervisor",
     "This return has mismatches: a supervisor must approve {disposition}. Supervisor, scan your badge.",
     "Returen har avvikelser: en arbetsledare måste godkänna {disposition}. Arbetsledare, skanna ditt passerkort."},
    {"return.override_pending", "A disposition change is waiting for a supervisor.",
     "En ändrad hantering väntar på en arbetsledare."},
    // Done.
    {"return.done", "Return {rma} done: put {count} item(s) to {disposition}.",
     "Returen {rma} är klar: lägg {count} artikel/artiklar till {disposition}."},
    {"return.done_empty", "Return {rma} recorded as empty. Put the packaging in the quarantine area.",
     "Returen {rma} registrerad som tom. Lägg förpackningen i karantänområdet."},
    {"return.label_not_printed", "The disposition label for {rma} was not printed: check the printer.",
     "Hanteringsetiketten för {rma} skrevs inte ut: kontrollera skrivaren."},
}};

} // namespace

std::span<const message_text> return_messages() { return texts; }

} // namespace stationd::workflow
