<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
  <context>
    <name>Actions</name>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Label…</source>
      <translation>Label…</translation>
    </message>
    <message>
      <source>Next conversation</source>
      <translation>Nächste Unterhaltung</translation>
    </message>
    <message>
      <source>Open conversation</source>
      <translation>Unterhaltung öffnen</translation>
    </message>
    <message>
      <source>Previous conversation</source>
      <translation>Vorherige Unterhaltung</translation>
    </message>
    <message>
      <source>Read / unread</source>
      <translation>Gelesen / ungelesen</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antworten</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <source>Snooze…</source>
      <translation>Zurückstellen…</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>Rückgängig</translation>
    </message>
  </context>
  <context>
    <name>ConversationView</name>
    <message>
      <source>(no subject)</source>
      <translation>(kein Betreff)</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>No conversation selected</source>
      <translation>Keine Unterhaltung ausgewählt</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Select a conversation on the left to read it. Use j and k to move through the list and r to reply; press ? for all shortcuts.</source>
      <translation>Wählen Sie links eine Unterhaltung aus, um sie zu lesen. Mit j und k bewegen Sie sich durch die Liste, mit r antworten Sie; ? zeigt alle Tastenkürzel.</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>Zurückgestellt</translation>
    </message>
  </context>
  <context>
    <name>LabelPicker</name>
    <message>
      <source>Enter adds or removes the highlighted label.</source>
      <translation>Enter setzt oder entfernt das markierte Label.</translation>
    </message>
    <message>
      <source>Enter creates the label “%1”.</source>
      <translation>Enter legt das Label „%1“ an.</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>Label</translation>
    </message>
    <message>
      <source>Type to find or create a label</source>
      <translation>Tippen, um ein Label zu finden oder anzulegen</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;Tresen</source>
      <translation>&amp;Tresen</translation>
    </message>
    <message>
      <source>Add an account</source>
      <translation>Konto hinzufügen</translation>
    </message>
    <message>
      <source>All answered</source>
      <translation>Alles beantwortet</translation>
    </message>
    <message>
      <source>For now, accounts are added from the command line (see tresen --help).</source>
      <translation>Konten werden vorerst über die Kommandozeile hinzugefügt (siehe tresen --help).</translation>
    </message>
    <message>
      <source>Label “%1” added — press z to undo</source>
      <translation>Label „%1“ gesetzt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Label “%1” removed — press z to undo</source>
      <translation>Label „%1“ entfernt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Marked done — press z to undo</source>
      <translation>Als erledigt markiert – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Marked read</source>
      <translation>Als gelesen markiert</translation>
    </message>
    <message>
      <source>Marked unread</source>
      <translation>Als ungelesen markiert</translation>
    </message>
    <message>
      <source>No account can sync yet.</source>
      <translation>Noch kann kein Konto synchronisieren.</translation>
    </message>
    <message>
      <source>No accounts yet</source>
      <translation>Noch keine Konten</translation>
    </message>
    <message>
      <source>No conversation matches “%1”. Check the spelling or try fewer words; Escape clears the search.</source>
      <translation>Keine Unterhaltung passt zu „%1“. Prüfen Sie die Schreibweise oder versuchen Sie weniger Wörter; Escape leert die Suche.</translation>
    </message>
    <message>
      <source>No network: replies wait in the outbox.</source>
      <translation>Kein Netz: Antworten warten im Postausgang.</translation>
    </message>
    <message>
      <source>No open conversations in this view.</source>
      <translation>In dieser Ansicht gibt es keine offenen Unterhaltungen.</translation>
    </message>
    <message>
      <source>No results</source>
      <translation>Keine Treffer</translation>
    </message>
    <message>
      <source>Nothing done yet</source>
      <translation>Noch nichts erledigt</translation>
    </message>
    <message>
      <source>Nothing here</source>
      <translation>Hier ist nichts</translation>
    </message>
    <message>
      <source>Nothing snoozed</source>
      <translation>Nichts zurückgestellt</translation>
    </message>
    <message>
      <source>Nothing to undo</source>
      <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
      <source>Nothing waiting — every customer has an answer.</source>
      <translation>Niemand wartet – jede Kundin und jeder Kunde hat eine Antwort.</translation>
    </message>
    <message>
      <source>Open the demo</source>
      <translation>Demo öffnen</translation>
    </message>
    <message>
      <source>Press e on a conversation when it needs nothing more from you.</source>
      <translation>Drücken Sie e, wenn eine Unterhaltung nichts mehr von Ihnen braucht.</translation>
    </message>
    <message>
      <source>Press s on a conversation to bring it back later.</source>
      <translation>Drücken Sie s, um eine Unterhaltung später wieder vorzulegen.</translation>
    </message>
    <message>
      <source>Queued again</source>
      <translation>Erneut eingereiht</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
    <message>
      <source>Reopened — press z to undo</source>
      <translation>Wieder geöffnet – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Reply queued — press z to undo</source>
      <translation>Antwort eingereiht – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>Einstellungen…</translation>
    </message>
    <message>
      <source>Snoozed — press z to undo</source>
      <translation>Zurückgestellt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Sync failed: %1</source>
      <translation>Synchronisieren fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>This is the demo: nothing is sent anywhere.</source>
      <translation>Das ist die Demo: Es wird nichts verschickt.</translation>
    </message>
    <message>
      <source>Tresen brings your customers' email, Mastodon messages and review feeds into one window. Add an account to start, or open the demo to look around with two example businesses.</source>
      <translation>Tresen bringt E-Mails, Mastodon-Nachrichten und Bewertungs-Feeds Ihrer Kundschaft in ein Fenster. Fügen Sie ein Konto hinzu, um zu beginnen, oder öffnen Sie die Demo mit zwei Beispielbetrieben.</translation>
    </message>
    <message>
      <source>Tresen — Demo</source>
      <translation>Tresen – Demo</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>Rückgängig gemacht</translation>
    </message>
  </context>
  <context>
    <name>ReplyEditor</name>
    <message>
      <source>From: %1</source>
      <translation>Von: %1</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Senden</translation>
    </message>
    <message>
      <source>Send (Ctrl+Enter)</source>
      <translation>Senden (Strg+Enter)</translation>
    </message>
    <message>
      <source>Write a reply… (Ctrl+Enter sends)</source>
      <translation>Antwort schreiben… (Strg+Enter sendet)</translation>
    </message>
  </context>
  <context>
    <name>SafeBrowser</name>
    <message>
      <source>Open link?</source>
      <translation>Link öffnen?</translation>
    </message>
    <message>
      <source>This link leads to:

%1

Open it in your web browser?</source>
      <translation>Dieser Link führt zu:

%1

Im Webbrowser öffnen?</translation>
    </message>
  </context>
  <context>
    <name>SearchField</name>
    <message>
      <source>Search all messages (/)  —  e.g. brot* from:anna is:unread</source>
      <translation>Alle Nachrichten durchsuchen (/)  –  z. B. brot* from:anna is:unread</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Language:</source>
      <translation>Sprache:</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>System</source>
      <translation>Systemsprache</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <source>Clear the search</source>
      <translation>Suche leeren</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Send the reply</source>
      <translation>Antwort senden</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>All</source>
      <translation>Alle</translation>
    </message>
    <message>
      <source>All workspaces</source>
      <translation>Alle Arbeitsbereiche</translation>
    </message>
    <message>
      <source>Direct</source>
      <translation>Direkt</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>Listening</source>
      <translation>Mithören</translation>
    </message>
    <message>
      <source>Mentions</source>
      <translation>Erwähnungen</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>Zurückgestellt</translation>
    </message>
    <message>
      <source>Waiting for reply</source>
      <translation>Wartet auf Antwort</translation>
    </message>
  </context>
  <context>
    <name>SnoozeMenu</name>
    <message>
      <source>Later today (in 3 hours)</source>
      <translation>Später heute (in 3 Stunden)</translation>
    </message>
    <message>
      <source>Next week (Monday 9:00)</source>
      <translation>Nächste Woche (Montag 9:00)</translation>
    </message>
    <message>
      <source>Tomorrow at 9:00</source>
      <translation>Morgen um 9:00</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message numerus="yes">
      <source>%n waiting to send</source>
      <translation>
        <numerusform>%n wartet auf Versand</numerusform>
        <numerusform>%n warten auf Versand</numerusform>
      </translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>Synchronisiere…</translation>
    </message>
    <message>
      <source>all sent</source>
      <translation>alles versendet</translation>
    </message>
  </context>
  <context>
    <name>Thread</name>
    <message>
      <source>Attachments:</source>
      <translation>Anhänge:</translation>
    </message>
    <message>
      <source>Failed to send</source>
      <translation>Senden fehlgeschlagen</translation>
    </message>
    <message>
      <source>Queued — will be sent when online</source>
      <translation>Eingereiht – wird gesendet, sobald online</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Erneut versuchen</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Wird gesendet…</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>Gesendet</translation>
    </message>
    <message>
      <source>Unknown whether it arrived — check before sending again</source>
      <translation>Unklar, ob sie angekommen ist – bitte prüfen, bevor Sie erneut senden</translation>
    </message>
  </context>
  <context>
    <name>Time</name>
    <message>
      <source>never synced</source>
      <translation>nie synchronisiert</translation>
    </message>
    <message numerus="yes">
      <source>synced %n d ago</source>
      <translation>
        <numerusform>vor %n Tag synchronisiert</numerusform>
        <numerusform>vor %n Tagen synchronisiert</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>synced %n h ago</source>
      <translation>
        <numerusform>vor %n Std. synchronisiert</numerusform>
        <numerusform>vor %n Std. synchronisiert</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>synced %n min ago</source>
      <translation>
        <numerusform>vor %n Min. synchronisiert</numerusform>
        <numerusform>vor %n Min. synchronisiert</numerusform>
      </translation>
    </message>
    <message>
      <source>synced just now</source>
      <translation>gerade synchronisiert</translation>
    </message>
    <message numerus="yes">
      <source>waiting %n d</source>
      <translation>
        <numerusform>wartet %n Tag</numerusform>
        <numerusform>wartet %n Tage</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>waiting %n h</source>
      <translation>
        <numerusform>wartet %n Std.</numerusform>
        <numerusform>wartet %n Std.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>waiting %n min</source>
      <translation>
        <numerusform>wartet %n Min.</numerusform>
        <numerusform>wartet %n Min.</numerusform>
      </translation>
    </message>
  </context>
</TS>
