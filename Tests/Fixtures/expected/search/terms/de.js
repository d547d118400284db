handbookSearchLoaded("terms/de",{"deep":[13,50]});
