handbookSearchLoaded("terms/tw",{"two":[2,1]});
