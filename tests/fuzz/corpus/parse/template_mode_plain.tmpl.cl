no sequences here\n $ %
