import { AppHeader } from './components/AppHeader';
import { ErrorBoundary } from './components/ErrorBoundary';
import { useUser } from './lib/hooks';
import { useRoute } from './lib/router';
import { HomeScreen } from './screens/HomeScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { RoomScreen } from './screens/RoomScreen';
import { SearchScreen } from './screens/SearchScreen';

export function App() {
  const route = useRoute();
  const user = useUser();
  const key = route.name === 'room' ? `room:${route.code}` : route.name;

  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <AppHeader user={user} route={route} />
      <ErrorBoundary resetKey={key}>
        {route.name === 'home' && <HomeScreen user={user} />}
        {route.name === 'room' && <RoomScreen code={route.code} user={user} />}
        {route.name === 'search' && <SearchScreen user={user} q={route.q} />}
        {route.name === 'notFound' && <NotFoundScreen />}
      </ErrorBoundary>
    </>
  );
}
