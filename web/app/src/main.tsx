import { render } from 'preact';
import { App } from './App';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/room.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
