#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {
namespace {

constexpr std::array<message_text, 26> texts{{
    {"scan.unreadable", "Unreadable barcode: {reason}", "Oläsbar streckkod: {reason}"},
    {"station.stopping", "The station is stopping: this was not recorded. Try again when it is back.",
     "Stationen stängs av: detta registrerades inte. Försök igen när den är tillbaka."},
    {"session.welcome", "Welcome, {name}. Scan PICK, PACK, SHIP or RETURN to start.",
     "Välkommen, {name}. Skanna PICK, PACK, SHIP eller RETURN för att börja."},
    {"session.welcome_back", "Welcome, {name}. Carrying on with {mode}.", "Välkommen, {name}. Du fortsätter med {mode}."},
    {"session.already", "{name}, you are already logged in.", "{name}, du är redan inloggad."},
    {"session.logged_out", "{name} logged out.", "{name} har loggat ut."},
    {"session.timed_out", "{name} was logged out after being idle.", "{name} loggades ut efter att ha varit inaktiv."},
    {"session.unknown_badge", "Badge {badge} is not known at this station.",
     "Passerkortet {badge} är okänt vid den här stationen."},
    {"session.login_first", "Scan your badge to log in first.", "Skanna ditt passerkort för att logga in först."},
    {"station.choose_mode", "Choose what to do: scan PICK, PACK, SHIP or RETURN.",
     "Välj vad du ska göra: skanna PICK, PACK, SHIP eller RETURN."},
    {"station.unknown_mode", "There is no mode called {mode}.", "Det finns inget läge som heter {mode}."},
    {"station.not_recorded", "Not recorded ({detail}): nothing was done. Try again.",
     "Inte sparat ({detail}): inget gjordes. Försök igen."},
    {"station.unknown_action", "There is no action called {action}.", "Det finns ingen åtgärd som heter {action}."},
    {"station.not_expected", "That scan is not expected now.", "Den skanningen förväntas inte nu."},
    {"mode.idle", "Station idle.", "Stationen väntar."},
    {"mode.pick", "Picking: scan an order or a tote.", "Plock: skanna en order eller en back."},
    {"mode.pack", "Packing: scan an order or a tote.", "Packning: skanna en order eller en back."},
    {"mode.ship", "Loading: scan each package's SSCC at the dock.", "Lastning: skanna varje kollis SSCC vid porten."},
    {"mode.return", "Returns: scan the RMA, the order or the tracking number.",
     "Returer: skanna RMA, ordern eller kollinumret."},
    {"override.not_supervisor", "{name} is not a supervisor.", "{name} är inte arbetsledare."},
    {"override.reason_needed", "Supervisor {name}: choose a reason for the override.",
     "Arbetsledare {name}: välj en orsak till undantaget."},
    {"override.reason_needed_text", "An override needs a reason.", "Ett undantag kräver en orsak."},
    {"override.supervisor_needed", "A supervisor must scan their badge first.",
     "En arbetsledare måste skanna sitt passerkort först."},
    {"override.nothing_pending", "Nothing is waiting for a supervisor.", "Inget väntar på en arbetsledare."},
    {"override.cancelled", "Override cancelled.", "Undantaget avbröts."},
    {"override.granted", "Override by {supervisor}: {reason}.", "Undantag av {supervisor}: {reason}."},
}};

} // namespace

std::span<const message_text> session_messages() { return texts; }

} // namespace stationd::workflow
