// The tickets of the questions asked from this browser, kept in localStorage (no account needed).
const KEY = 'openhall.tickets';

export function storedTickets() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function rememberTicket(entry) {
  const list = storedTickets().filter((e) => e.ticket !== entry.ticket);
  list.unshift(entry);
  localStorage.setItem(KEY, JSON.stringify(list.slice(0, 200)));
}

export function forgetTicket(ticket) {
  localStorage.setItem(KEY, JSON.stringify(storedTickets().filter((e) => e.ticket !== ticket)));
}
