import { useTitle } from '../lib/useTitle';
import type { User } from '@streamit/client';
import { CreateRoomForm } from '../components/CreateRoomForm';
import { Directory } from '../components/Directory';
import { JoinRoomForm } from '../components/JoinRoomForm';
import { SignInPanel } from '../components/SignInPanel';

export function HomeScreen({ user }: { user: User | null }) {
  useTitle(null);
  return (
    <main class="page" id="main">
      <section class="hero">
        <div class="hero-text">
          <h1>Watch together, <span class="accent">in sync.</span></h1>
          <p class="lead">Start a room, share the link, and everyone's player plays, pauses and seeks at the same moment.</p>
        </div>
      </section>
      {user ? (
        <div class="home-actions">
          <CreateRoomForm />
          <JoinRoomForm />
        </div>
      ) : (
        <div class="home-actions home-actions-signin">
          <SignInPanel />
          <JoinRoomForm />
        </div>
      )}
      <Directory />
    </main>
  );
}
