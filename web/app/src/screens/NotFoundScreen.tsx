import { useTitle } from '../lib/useTitle';
import { ErrorMessage } from '../components/ErrorMessage';

export function NotFoundScreen() {
  useTitle('Not found');
  return (
    <main class="page page-center" id="main">
      <ErrorMessage error={{ code: 'NOT_FOUND', title: 'Page not found', message: "There's nothing at this address. Head back to the lobby to find a room.", action: 'home' }} />
    </main>
  );
}
