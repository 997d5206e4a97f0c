import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerOfflineShell } from './offline/register';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(<App />);
registerOfflineShell();
