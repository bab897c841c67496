#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {
namespace {

constexpr std::array<message_text, 42> texts{{
    // ---- starting an order and its tote
    {"pick.scan_tote", "Order {order}: {lines} lines to pick. Scan a tote.",
     "Order {order}: {lines} rader att plocka. Skanna en back."},
    {"pick.tote_assigned", "Tote {tote} assigned. Go to location {location} for {quantity} x {name}.",
     "Back {tote} tilldelad. Gå till plats {location} för {quantity} st {name}."},
    {"pick.scan_item", "Location {location}: scan {quantity} x {name}.",
     "Plats {location}: skanna {quantity} st {name}."},
    // ---- units picked: still on the line, next line, order complete (plain,
    //      with a substitute, with a first-expiry-first warning)
    {"pick.unit_picked", "{item}: {picked} of {ordered} picked. Scan the next unit or enter the quantity.",
     "{item}: {picked} av {ordered} plockade. Skanna nästa enhet eller ange antalet."},
    {"pick.unit_picked_substituted",
     "{item} picked as a substitute for {original}: {picked} of {ordered}. Scan the next unit.",
     "{item} plockad som ersättning för {original}: {picked} av {ordered}. Skanna nästa enhet."},
    {"pick.unit_picked_fefo",
     "{item} lot {lot} picked ({picked} of {ordered}), but lot {earlier_lot} at {earlier_location} expires earlier "
     "({earlier_expiry}): take that lot first.",
     "{item} batch {lot} plockad ({picked} av {ordered}), men batch {earlier_lot} på {earlier_location} går ut "
     "tidigare ({earlier_expiry}): ta den batchen först."},
    {"pick.next_location", "{item} done. Go to location {location} for {quantity} x {name}.",
     "{item} klar. Gå till plats {location} för {quantity} st {name}."},
    {"pick.next_location_substituted",
     "{item} picked as a substitute for {original}. Go to location {location} for {quantity} x {name}.",
     "{item} plockad som ersättning för {original}. Gå till plats {location} för {quantity} st {name}."},
    {"pick.next_location_fefo",
     "{item} lot {lot} picked, but lot {earlier_lot} at {earlier_location} expires earlier ({earlier_expiry}): "
     "take the earliest lot first. Go to location {location} for {quantity} x {name}.",
     "{item} batch {lot} plockad, men batch {earlier_lot} på {earlier_location} går ut tidigare ({earlier_expiry}): "
     "ta alltid den tidigaste batchen först. Gå till plats {location} för {quantity} st {name}."},
    {"pick.completed", "Order {order} picked. Put tote {tote} to packing.",
     "Order {order} är plockad. Ställ back {tote} till packning."},
    {"pick.completed_substituted",
     "{item} picked as a substitute for {original}. Order {order} picked. Put tote {tote} to packing.",
     "{item} plockad som ersättning för {original}. Order {order} är plockad. Ställ back {tote} till packning."},
    {"pick.completed_fefo",
     "{item} lot {lot} picked, but lot {earlier_lot} at {earlier_location} expires earlier ({earlier_expiry}). "
     "Order {order} picked. Put tote {tote} to packing.",
     "{item} batch {lot} plockad, men batch {earlier_lot} på {earlier_location} går ut tidigare ({earlier_expiry}). "
     "Order {order} är plockad. Ställ back {tote} till packning."},
    {"pick.quantity_counted", "Counted {n} x {item}.", "Räknat {n} st {item}."},
    {"pick.short_recorded",
     "Short pick: {quantity} x {name} missing ({reason}). Order {order} is on hold; tote {tote} keeps what was picked.",
     "Plockbrist: {quantity} st {name} saknas ({reason}). Order {order} är spärrad; back {tote} behåller det som "
     "plockats."},
    // ---- what the current step expects
    {"pick.expect_order", "Scan an order to start picking.", "Skanna en order för att börja plocka."},
    {"pick.expect_tote", "Scan a tote for order {order}.", "Skanna en back för order {order}."},
    {"pick.expect_location", "Scan location {location} first ({quantity} x {name}).",
     "Skanna plats {location} först ({quantity} st {name})."},
    {"pick.expect_item", "Scan the item at {location}: {quantity} x {name}.",
     "Skanna artikeln på {location}: {quantity} st {name}."},
    // ---- orders and totes that cannot be picked
    {"pick.task_active", "Order {order} is being picked: finish it or report it short first.",
     "Order {order} plockas redan: slutför den eller rapportera brist först."},
    {"pick.unknown_order", "Order {order} is not known at this station.",
     "Ordern {order} är okänd vid den här stationen."},
    {"pick.order_held", "Order {order} is on hold ({reason}) and may not be picked.",
     "Order {order} är spärrad ({reason}) och får inte plockas."},
    {"pick.order_not_ready", "Order {order} cannot be picked: it is {state}.",
     "Order {order} kan inte plockas: den är {state}."},
    {"pick.order_empty", "Order {order} has no lines to pick.", "Order {order} har inga rader att plocka."},
    {"pick.order_on_hold_here", "Order {order} is on hold at this station ({reason}). A supervisor must release it.",
     "Order {order} är spärrad vid den här stationen ({reason}). En arbetsledare måste släppa den."},
    {"pick.order_already_picked", "Order {order} has already been picked ({step}).",
     "Order {order} är redan plockad ({step})."},
    {"pick.tote_in_use", "Tote {tote} holds order {order}. Take an empty tote.",
     "Back {tote} innehåller order {order}. Ta en tom back."},
    // ---- wrong place, wrong thing
    {"pick.wrong_location", "Wrong location: {scanned}. Go to {expected}.",
     "Fel plats: {scanned}. Gå till {expected}."},
    {"pick.unknown_product", "Product {code} is not known.", "Artikeln {code} är okänd."},
    {"pick.wrong_item", "Wrong item: {scanned}. Pick {expected}.", "Fel artikel: {scanned}. Plocka {expected}."},
    {"pick.substitution_not_allowed",
     "{scanned} replaces {expected}, but order {order} does not allow substitutes. Pick {expected}.",
     "{scanned} ersätter {expected}, men order {order} tillåter inte ersättningsartiklar. Plocka {expected}."},
    {"pick.lot_missing", "{name} needs its lot: scan the barcode that carries the lot number.",
     "{name} kräver batchnummer: skanna streckkoden med batchnumret."},
    {"pick.serial_missing", "{name} needs its serial number: scan the barcode that carries it.",
     "{name} kräver serienummer: skanna streckkoden med serienumret."},
    {"pick.duplicate_serial", "Serial {serial} of {name} is already picked on this order. Take another unit.",
     "Serienummer {serial} för {name} är redan plockat på den här ordern. Ta en annan enhet."},
    {"pick.expired", "{name} lot {lot} expired on {expiry}. Put it aside and take another unit.",
     "{name} batch {lot} gick ut {expiry}. Lägg den åt sidan och ta en annan enhet."},
    {"pick.shelf_life_short",
     "{name} lot {lot} expires {expiry}: {days} days left, {min} needed. Take a unit with a later date.",
     "{name} batch {lot} går ut {expiry}: {days} dagar kvar, {min} krävs. Ta en enhet med senare datum."},
    // ---- quantities and short picks
    {"pick.no_task", "No order is being picked.", "Ingen order plockas just nu."},
    {"pick.quantity_invalid", "{n} is not a quantity.", "{n} är inget antal."},
    {"pick.quantity_no_item", "Scan one unit first, then enter how many there are.",
     "Skanna en enhet först och ange sedan hur många det är."},
    {"pick.quantity_serialized", "{name} has serial numbers: scan every unit.",
     "{name} har serienummer: skanna varje enhet."},
    {"pick.quantity_over_limit", "{n} is more than {max} per scan.", "{n} är fler än {max} per skanning."},
    {"pick.quantity_too_many", "{n} is more than the line needs: at most {max}.",
     "{n} är fler än raden behöver: högst {max}."},
    {"pick.short_reason_unknown", "Short reason {reason} is not allowed. Choose one of: {allowed}.",
     "Bristorsaken {reason} är inte tillåten. Välj en av: {allowed}."},
}};

} // namespace

std::span<const message_text> pick_messages() { return texts; }

} // namespace stationd::workflow
